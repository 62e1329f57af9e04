using System.Diagnostics;
using System.Net;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

public sealed class LoginTests
{
    private static Task<ServerFixture> StartWithUserAsync(Action<FtpServerEvent>? log = null) =>
        ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            Users = [new NetworkCredential("alice", "s3cret-pass")],
            Log = log,
        });

    [Fact]
    public async Task Failed_logins_are_slowed_and_the_third_drops_the_connection()
    {
        await using var fixture = await StartWithUserAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port, login: false);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(331, (await raw.SendAsync("USER alice")).Code);
            var clock = Stopwatch.StartNew();
            var reply = await raw.SendAsync("PASS wrong-" + attempt);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"failure {attempt} answered after {clock.Elapsed}");
            Assert.Equal(attempt < 3 ? 530 : 421, reply.Code);
        }

        await Assert.ThrowsAsync<FtpConnectionException>(() => raw.ReadAsync());
    }

    [Fact]
    public async Task Right_password_logs_in_and_unknown_users_look_like_known_ones()
    {
        await using var fixture = await StartWithUserAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port, login: false);
        Assert.Equal(331, (await raw.SendAsync("USER mallory")).Code);
        Assert.Equal(530, (await raw.SendAsync("PASS s3cret-pass")).Code);
        Assert.Equal(331, (await raw.SendAsync("USER alice")).Code);
        Assert.Equal(230, (await raw.SendAsync("PASS s3cret-pass")).Code);
    }

    [Fact]
    public async Task Anonymous_is_refused_when_users_are_configured()
    {
        await using var fixture = await StartWithUserAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port, login: false);
        Assert.Equal(331, (await raw.SendAsync("USER anonymous")).Code);
        Assert.Equal(530, (await raw.SendAsync("PASS guest@")).Code);
    }

    [Fact]
    public async Task Passwords_never_reach_the_log()
    {
        var events = new System.Collections.Concurrent.ConcurrentQueue<FtpServerEvent>();
        await using var fixture = await StartWithUserAsync(events.Enqueue);
        await using (var raw = await RawFtp.ConnectAsync(fixture.Port, login: false))
        {
            await raw.SendAsync("USER alice");
            await raw.SendAsync("PASS wrong-horse-battery");
            await raw.SendAsync("USER alice");
            await raw.SendAsync("PASS s3cret-pass");
            await raw.SendAsync("QUIT");
        }

        await Eventually.TrueAsync(() => events.Any(e => e.Kind == FtpServerEventKind.Disconnected), "the session is logged as ended");
        Assert.Contains(events, e => e.Kind == FtpServerEventKind.LoginFailed);
        Assert.Contains(events, e => e.Kind == FtpServerEventKind.LoginSucceeded);
        Assert.All(events, e =>
        {
            Assert.DoesNotContain("wrong-horse-battery", e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret-pass", e.ToString(), StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("PWD")]
    [InlineData("CWD /")]
    [InlineData("LIST")]
    [InlineData("NLST")]
    [InlineData("MLSD")]
    [InlineData("MLST /")]
    [InlineData("RETR a.txt")]
    [InlineData("STOR a.txt")]
    [InlineData("DELE a.txt")]
    [InlineData("MKD d")]
    [InlineData("RMD d")]
    [InlineData("RNFR a.txt")]
    [InlineData("SIZE a.txt")]
    [InlineData("MDTM a.txt")]
    [InlineData("PASV")]
    [InlineData("EPSV")]
    [InlineData("PORT 127,0,0,1,200,10")]
    [InlineData("TYPE I")]
    [InlineData("STAT")]
    [InlineData("HELP")]
    public async Task Nothing_but_the_login_commands_before_login(string command)
    {
        await using var fixture = await StartWithUserAsync();
        fixture.Root.WriteFile("a.txt", [1]);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port, login: false);
        Assert.Equal(530, (await raw.SendAsync(command)).Code);
        Assert.True(File.Exists(fixture.Root.Combine("a.txt")));
        Assert.False(Directory.Exists(fixture.Root.Combine("d")));
    }

    [Theory]
    [InlineData("FEAT", 211)]
    [InlineData("SYST", 215)]
    [InlineData("NOOP", 200)]
    [InlineData("OPTS UTF8 ON", 200)]
    public async Task Login_commands_work_before_login(string command, int code)
    {
        await using var fixture = await StartWithUserAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port, login: false);
        Assert.Equal(code, (await raw.SendAsync(command)).Code);
    }

    [Fact]
    public async Task A_server_on_a_network_address_without_users_refuses_to_start()
    {
        using var root = new TempDirectory();
        var server = new FtpServer(new FtpServerOptions { Address = IPAddress.Any, Port = 0, FileSystem = new FileSystem.DiskFileSystem(root.Path) });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
        Assert.Contains("Refusing", error.Message, StringComparison.Ordinal);
        Assert.Equal(FtpServerState.Created, server.State);
    }

    [Fact]
    public async Task Explicit_anonymous_access_is_read_only_unless_asked()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            AnonymousAccess = FtpAnonymousAccess.ReadOnly,
        });
        fixture.Root.WriteFile("public.txt", [1, 2]);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(550, (await raw.SendAsync("DELE public.txt")).Code);
        Assert.Equal(550, (await raw.SendAsync("MKD new")).Code);
        Assert.Equal(550, (await raw.SendAsync("STOR x.txt")).Code);
        Assert.Equal(550, (await raw.SendAsync("RNFR public.txt")).Code);
        var before = File.GetLastWriteTimeUtc(fixture.Root.Combine("public.txt"));
        Assert.Equal(550, (await raw.SendAsync("MFMT 20010101000000 public.txt")).Code);
        Assert.Equal(before, File.GetLastWriteTimeUtc(fixture.Root.Combine("public.txt")));
        var (data, final, _) = await raw.ReceiveAsync("RETR public.txt");
        Assert.Equal(226, final.Code);
        Assert.Equal([1, 2], data);
        Assert.True(File.Exists(fixture.Root.Combine("public.txt")));
    }
}
