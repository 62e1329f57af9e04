using System.Net.Sockets;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>
/// StopAsync with a grace period (SIGTERM and Ctrl+C in Start-FtpLiteServer -Wait): no new connections or
/// commands, running transfers finish, then every client hears 421; when the grace period ends first, what still
/// runs is cut as a plain stop cuts it (426, nothing under the upload's name).
/// </summary>
public sealed class GracefulStopTests
{
    private static readonly byte[] Original = TestData.Bytes(10_000, 42);
    private static readonly byte[] FirstHalf = TestData.Bytes(100_000, 7);
    private static readonly byte[] SecondHalf = TestData.Bytes(150_000, 8);

    [Fact]
    public async Task A_running_upload_finishes_during_the_grace_period_while_idle_clients_and_new_ones_are_turned_away()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var target = fixture.Root.WriteFile("report.bin", Original);
        await using var idle = await RawFtp.ConnectAsync(fixture.Port);
        await using var uploader = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await uploader.SendAsync("TYPE I")).Code);
        var data = await uploader.OpenDataAsync();
        Assert.Equal(150, (await uploader.SendAsync("STOR report.bin")).Code);
        await data.GetStream().WriteAsync(FirstHalf);
        await ServerHasReceivedAsync(fixture);

        var stopping = fixture.Server.StopAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(421, (await idle.ReadAsync()).Code);
        Assert.Equal(FtpServerState.Stopping, fixture.Server.State);
        await Assert.ThrowsAnyAsync<SocketException>(() => RawFtp.ConnectAsync(fixture.Port));
        Assert.False(stopping.IsCompleted);
        await data.GetStream().WriteAsync(SecondHalf);
        data.Client.Shutdown(SocketShutdown.Both);
        data.Dispose();
        Assert.Equal(226, (await uploader.ReadAsync()).Code);
        Assert.Equal(421, (await uploader.ReadAsync()).Code);
        await stopping;

        Assert.Equal([.. FirstHalf, .. SecondHalf], File.ReadAllBytes(target));
        Assert.Empty(TemporaryFiles(fixture));
        Assert.Equal(FtpServerState.Stopped, fixture.Server.State);
    }

    [Fact]
    public async Task A_command_after_the_stop_began_gets_421_and_starts_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var uploader = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await uploader.SendAsync("TYPE I")).Code);
        var data = await uploader.OpenDataAsync();
        Assert.Equal(150, (await uploader.SendAsync("STOR first.bin")).Code);
        await data.GetStream().WriteAsync(FirstHalf);
        await ServerHasReceivedAsync(fixture);
        var stopping = fixture.Server.StopAsync(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => fixture.Server.State == FtpServerState.Stopping, "the stop began");

        // Pipelined behind the running upload: it waits for it, then is refused.
        await uploader.WriteLineAsync("DELE first.bin");
        data.Client.Shutdown(SocketShutdown.Both);
        data.Dispose();

        Assert.Equal(226, (await uploader.ReadAsync()).Code);
        Assert.Equal(421, (await uploader.ReadAsync()).Code);
        await stopping;
        Assert.Equal(FirstHalf, File.ReadAllBytes(Path.Combine(fixture.Root.Path, "first.bin")));
    }

    [Fact]
    public async Task When_the_grace_period_ends_first_the_upload_is_cut_and_leaves_the_old_file_and_no_temporary()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var target = fixture.Root.WriteFile("report.bin", Original);
        await using var uploader = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await uploader.SendAsync("TYPE I")).Code);
        using var data = await uploader.OpenDataAsync();
        Assert.Equal(150, (await uploader.SendAsync("STOR report.bin")).Code);
        await data.GetStream().WriteAsync(FirstHalf);
        await ServerHasReceivedAsync(fixture);

        // The client never sends the rest: only the end of the grace period ends the stop.
        await fixture.Server.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(426, (await uploader.ReadAsync()).Code);
        Assert.Equal(421, (await uploader.ReadAsync()).Code);
        Assert.Equal(Original, File.ReadAllBytes(target));
        Assert.Empty(TemporaryFiles(fixture));
    }

    private static Task ServerHasReceivedAsync(ServerFixture fixture) =>
        Eventually.TrueAsync(() => TemporaryFiles(fixture) is [var staged] && new FileInfo(staged).Length > 0, "the server stages bytes it received");

    private static string[] TemporaryFiles(ServerFixture fixture) =>
        Directory.GetFiles(fixture.Root.Path, ".ftplite-*", SearchOption.AllDirectories);
}
