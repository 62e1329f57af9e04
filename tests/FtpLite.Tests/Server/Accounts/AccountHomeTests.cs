using System.Text;
using FtpLite.Server;
using FtpLite.Server.Accounts;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Accounts;

/// <summary>Each account's "/" is its own home: what one user stores, another neither sees nor reaches.</summary>
public sealed class AccountHomeTests
{
    [Fact]
    public async Task Two_users_see_only_their_own_folders()
    {
        await using var server = await AccountServer.StartAsync(s =>
        {
            s.AddUser("alice");
            s.AddUser("bob");
        });
        await using var alice = await server.LoginAsync("alice");
        await using var bob = await server.LoginAsync("bob");

        Assert.Equal(226, await AccountRightsTests.UploadAsync(alice, "STOR report.txt", "alice's"));
        Assert.Equal(226, await AccountRightsTests.UploadAsync(bob, "STOR report.txt", "bob's"));
        Assert.Equal(257, (await alice.SendAsync("MKD private")).Code);

        Assert.Equal("alice's", File.ReadAllText(Path.Combine(server.HomeOf("alice"), "report.txt")));
        Assert.Equal("bob's", File.ReadAllText(Path.Combine(server.HomeOf("bob"), "report.txt")));
        Assert.Equal("bob's", Encoding.UTF8.GetString((await bob.ReceiveAsync("RETR /report.txt")).Data));
        Assert.Equal("report.txt", Encoding.UTF8.GetString((await bob.ReceiveAsync("NLST")).Data).Trim());
        Assert.Equal(550, (await bob.SendAsync("CWD /private")).Code);
        Assert.Equal(550, (await bob.SendAsync("CWD ../alice")).Code);
        Assert.StartsWith("\"/\"", (await bob.SendAsync("PWD")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_and_credential_users_keep_the_shared_root_beside_accounts()
    {
        await using var server = await AccountServer.StartAsync(s => s.AddUser("alice"));
        Assert.Equal(530, await server.TryLoginAsync("anonymous", "guest@"));
        Assert.Equal(FtpAnonymousAccess.None, server.Server.AnonymousAccess);
    }

    [Fact]
    public async Task Wrong_passwords_unknown_users_and_bad_states_are_refused_with_the_reason_logged()
    {
        var events = new System.Collections.Concurrent.ConcurrentQueue<FtpServerEvent>();
        await using var server = await AccountServer.StartAsync(s =>
        {
            s.AddUser("alice");
            s.AddUser("gone").Disabled = true;
            s.AddUser("old").ExpiresUtc = DateTime.UtcNow.AddDays(-1);
            s.AddUser("fenced").AllowedAddresses = ["192.0.2.0/24"];
            s.AddUser("homeless").Home = s.Folder.Combine("no-such-folder");
            s.AddUser("later").ExpiresUtc = DateTime.UtcNow.AddDays(1);
            s.AddUser("local").AllowedAddresses = ["127.0.0.0/8", "::1"];
        }, events.Enqueue);

        Assert.Equal(230, await server.TryLoginAsync("alice"));
        Assert.Equal(230, await server.TryLoginAsync("later"));
        Assert.Equal(230, await server.TryLoginAsync("local"));
        Assert.Equal(530, await server.TryLoginAsync("alice", "wrong"));
        Assert.Equal(530, await server.TryLoginAsync("mallory", AccountServer.PasswordOf("alice")));
        foreach (var (user, reason) in new[]
        {
            ("gone", "disabled"), ("old", "expired"), ("fenced", "not among the account's allowed addresses"), ("homeless", "does not exist"),
        })
        {
            Assert.Equal(530, await server.TryLoginAsync(user));
            Assert.Contains(events, e => e.Kind == FtpServerEventKind.LoginFailed && e.Message.Contains($"'{user}'", StringComparison.Ordinal)
                && e.Message.Contains(reason, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(events, e => e.Message.Contains("pw-", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RootJailTests.HostilePaths), MemberType = typeof(RootJailTests))]
    public async Task Hostile_paths_never_leave_an_account_home(string path)
    {
        using var home = new TempDirectory("ftplite-home-");
        await using var server = await AccountServer.StartAsync(s =>
        {
            s.AddUser("alice").Home = home.Path;
            s.AddUser("bob");
            File.WriteAllText(Path.Combine(s.HomeOf("bob"), "secret.txt"), "bob's secret");
        });
        await RootJailTests.AssertPathStaysInsideAsync(path, home, () => server.LoginAsync("alice"));
        Assert.Equal("bob's secret", File.ReadAllText(Path.Combine(server.HomeOf("bob"), "secret.txt")));
    }
}
