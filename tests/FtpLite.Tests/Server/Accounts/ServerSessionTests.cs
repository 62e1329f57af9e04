using System.Text;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Accounts;

/// <summary>The administrator's view of sessions (who, from where, transferring what) and ending one.</summary>
public sealed class ServerSessionTests
{
    [Fact]
    public async Task Sessions_show_user_address_and_transfer_and_one_can_be_ended()
    {
        await using var server = await AccountServer.StartAsync(s =>
        {
            var slow = s.AddUser("slow");
            slow.BandwidthBytesPerSecond = 16 * 1024;
            File.WriteAllBytes(Path.Combine(slow.Home!, "big.bin"), new byte[4 << 20]);
            s.AddUser("other");
        });
        await using var slow = await server.LoginAsync("slow");
        await using var other = await server.LoginAsync("other");

        var sessions = server.Server.Sessions;
        Assert.Equal(["slow", "other"], sessions.Select(s => s.UserName));
        Assert.All(sessions, s => Assert.Equal("127.0.0.1", s.RemoteEndPoint.Address.ToString()));
        Assert.All(sessions, s => Assert.Null(s.Transfer));

        using var data = await slow.OpenDataAsync();
        Assert.Equal(150, (await slow.SendAsync("RETR big.bin")).Code);
        await Eventually.TrueAsync(() => server.Server.Sessions.Any(s => s.Transfer == "Download /big.bin"), "the download shows in the sessions");
        var running = server.Server.Sessions.Single(s => s.UserName == "slow");

        Assert.True(await running.StopAsync());
        var reply = await slow.ReadAsync();
        if (reply.Code == 426)
        {
            reply = await slow.ReadAsync();
        }

        Assert.Equal((421, "Session ended by the administrator."), (reply.Code, reply.Message));
        Assert.Equal(["other"], server.Server.Sessions.Select(s => s.UserName));
        Assert.False(await running.StopAsync());
        Assert.Equal(200, (await other.SendAsync("NOOP")).Code);
    }
}
