using System.Collections.Concurrent;
using System.Text;
using FtpLite.Server;
using FtpLite.Server.Accounts;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Accounts;

/// <summary>The account file edited while the server runs: new logins see the edit, running sessions go on.</summary>
public sealed class AccountReloadTests
{
    [Fact]
    public async Task An_edit_applies_to_the_next_login_and_drops_no_session()
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await AccountServer.StartAsync(s => AccountRightsTests.Seed(s.AddUser("alice").Home!), events.Enqueue);
        await using var running = await server.LoginAsync("alice");

        server.Accounts.Users["alice"].Rights = new() { ["/"] = FtpRights.ReadOnly };
        server.AddUser("carol");
        server.Save();

        Assert.Equal(230, await server.TryLoginAsync("carol"));
        await using (var fresh = await server.LoginAsync("alice"))
        {
            Assert.Equal(550, await AccountRightsTests.UploadAsync(fresh, "STOR new.txt", "no"));
        }

        // The session logged in before the edit keeps its rights and its connection.
        Assert.Equal(200, (await running.SendAsync("NOOP")).Code);
        Assert.Equal(226, await AccountRightsTests.UploadAsync(running, "STOR new.txt", "yes"));
        Assert.Equal("hello", Encoding.UTF8.GetString((await running.ReceiveAsync("RETR file.txt")).Data));
        Assert.Contains(events, e => e.Kind == FtpServerEventKind.Changed && e.Message.Contains("Read the account file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_edit_keeps_the_last_good_accounts_and_says_why()
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await AccountServer.StartAsync(s => s.AddUser("alice"), events.Enqueue);
        var good = File.ReadAllText(server.AccountPath);

        File.WriteAllText(server.AccountPath, good.Replace("\"home\"", "\"hoem\"", StringComparison.Ordinal));
        Assert.Equal(230, await server.TryLoginAsync("alice"));
        Assert.Contains(events, e => e.Kind == FtpServerEventKind.Changed && e.Message.Contains("Kept the last good accounts", StringComparison.Ordinal)
            && e.Message.Contains("hoem", StringComparison.Ordinal));

        File.WriteAllText(server.AccountPath, "{ \"version\": 1, \"users\": {} }");
        Assert.Equal(530, await server.TryLoginAsync("alice"));
    }
    [Fact]
    public async Task A_changed_password_refuses_the_old_one_even_after_it_logged_in()
    {
        // The old password has logged in twice, so the server remembers it (the fast path after one PBKDF2).
        // SECURITY.md promises that a changed hash forgets it: the old password must fail at once.
        await using var server = await AccountServer.StartAsync(s => s.AddUser("alice"));
        Assert.Equal(230, await server.TryLoginAsync("alice"));
        Assert.Equal(230, await server.TryLoginAsync("alice"));

        server.Accounts.Users["alice"].PasswordHash = AccountServer.Hash("changed-pw");
        server.Save();

        Assert.Equal(530, await server.TryLoginAsync("alice"));
        Assert.Equal(230, await server.TryLoginAsync("alice", "changed-pw"));
        Assert.Equal(530, await server.TryLoginAsync("alice"));
    }
}
