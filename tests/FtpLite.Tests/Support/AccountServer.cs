using System.Collections.Concurrent;
using System.Net;
using FtpLite.Server;
using FtpLite.Server.Accounts;

namespace FtpLite.Tests.Support;

/// <summary>
/// An in-process server on a free loopback port with an account file; each user gets a home folder under a temp
/// folder, and the password "pw-{name}". Hashes use the least iteration count the file accepts, to keep tests quick.
/// </summary>
public sealed class AccountServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, string> Hashes = new();

    private AccountServer(TempDirectory folder, FtpAccountFile accounts)
    {
        Folder = folder;
        Accounts = accounts;
    }

    public TempDirectory Folder { get; }

    public FtpAccountFile Accounts { get; }

    public string AccountPath => Folder.Combine("accounts.json");

    public FtpServer Server { get; private set; } = null!;

    public int Port => Server.Port;

    public static string Hash(string password) => Hashes.GetOrAdd(password, p => FtpPasswordHash.Create(p, FtpPasswordHash.MinimumIterations));

    public static string PasswordOf(string user) => "pw-" + user;

    /// <summary>Adds users with <paramref name="configure"/>, writes the file and starts the server.</summary>
    public static async Task<AccountServer> StartAsync(Action<AccountServer> configure, Action<FtpServerEvent>? log = null, TimeProvider? time = null)
    {
        var server = new AccountServer(new TempDirectory("ftplite-accounts-"), new FtpAccountFile());
        configure(server);
        server.Save();
        server.Server = new FtpServer(new FtpServerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            FileSystem = new FileSystem.DiskFileSystem(server.Folder.Path),
            AccountPath = server.AccountPath,
            Log = log,
            FailedLoginDelay = TimeSpan.FromMilliseconds(1),
            LoginBanThreshold = 0,
            MaxLoginFailures = 100,
            TimeProvider = time ?? TimeProvider.System,
        });
        await server.Server.StartAsync();
        return server;
    }

    public string HomeOf(string user) => Folder.Combine("homes", user);

    /// <summary>Adds a user with its own home folder (created) and, when given, rights at "/".</summary>
    public FtpAccount AddUser(string name, FtpRights? rights = null)
    {
        Directory.CreateDirectory(HomeOf(name));
        var user = new FtpAccount
        {
            Name = name,
            PasswordHash = Hash(PasswordOf(name)),
            Home = HomeOf(name),
            Rights = rights is { } given ? new() { ["/"] = given } : null,
        };
        Accounts.Users[name] = user;
        return user;
    }

    public void Save() => Accounts.Save(AccountPath);

    /// <summary>Connects and logs in; asserts the login worked.</summary>
    public async Task<RawFtp> LoginAsync(string user)
    {
        var raw = await RawFtp.ConnectAsync(Port, login: false);
        Assert.Equal(331, (await raw.SendAsync("USER " + user)).Code);
        var reply = await raw.SendAsync("PASS " + PasswordOf(user));
        Assert.True(reply.Code == 230, $"login of {user}: {reply}");
        return raw;
    }

    /// <summary>Tries a login; returns the reply to PASS.</summary>
    public async Task<int> TryLoginAsync(string user, string? password = null)
    {
        await using var raw = await RawFtp.ConnectAsync(Port, login: false);
        await raw.SendAsync("USER " + user);
        return (await raw.SendAsync("PASS " + (password ?? PasswordOf(user)))).Code;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Folder.Dispose();
    }
}
