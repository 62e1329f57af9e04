using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>curl, lftp and Python's ftplib log in as two account users and each sees, and stores into, only its own folder.</summary>
public sealed class AccountsAgainstClientsTests
{
    [Fact]
    public async Task Curl_users_see_only_their_own_folders()
    {
        await using var server = await StartAsync();
        using var local = new TempDirectory("ftplite-curl-accounts-");
        var source = local.WriteFile("up.txt", "from curl"u8.ToArray());
        foreach (var user in Users)
        {
            var root = $"ftp://127.0.0.1:{server.Port}/";
            var login = $"{user}:{AccountServer.PasswordOf(user)}";
            await Curl("--user", login, "--upload-file", source, root + "curl.txt");
            var names = await Curl("--user", login, "--list-only", root);
            Assert.Equal(Sorted("curl.txt", $"{user}-only.txt"), ListingAssert.Lines(names.StandardOutput).Order(StringComparer.Ordinal));
        }

        AssertOwnFiles(server, "curl.txt", "from curl");
    }

    [Fact]
    public async Task Lftp_users_see_only_their_own_folders()
    {
        await using var server = await StartAsync();
        using var local = new TempDirectory("ftplite-lftp-accounts-");
        local.WriteFile("lftp.txt", "from lftp"u8.ToArray());
        foreach (var user in Users)
        {
            var result = await ExternalCommand.RunCheckedAsync("lftp",
            [
                "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", $"{user},{AccountServer.PasswordOf(user)}",
                "-e", "set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 15; put lftp.txt; cls -1; bye", "127.0.0.1",
            ], workingDirectory: local.Path);
            Assert.Equal(Sorted("lftp.txt", $"{user}-only.txt"), ListingAssert.Lines(result.StandardOutput).Order(StringComparer.Ordinal));
        }

        AssertOwnFiles(server, "lftp.txt", "from lftp");
    }

    [Fact]
    public async Task Ftplib_users_see_only_their_own_folders()
    {
        await using var server = await StartAsync();
        const string script = """
            import ftplib, io, sys
            port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            ftp = ftplib.FTP()
            ftp.connect('127.0.0.1', port, timeout=15)
            ftp.login(user, password)
            ftp.storbinary('STOR ftplib.txt', io.BytesIO(b'from ftplib'))
            print('\n'.join(sorted(ftp.nlst())))
            try:
                ftp.retrbinary('RETR ../alice/alice-only.txt' if user == 'bob' else 'RETR ../bob/bob-only.txt', lambda b: print('LEAK', b))
            except ftplib.error_perm as e:
                print('refused', str(e)[:3])
            ftp.quit()
            """;
        foreach (var user in Users)
        {
            var result = await ExternalCommand.RunCheckedAsync("/usr/bin/python3",
                ["-c", script, server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), user, AccountServer.PasswordOf(user)]);
            Assert.Equal([.. Sorted("ftplib.txt", $"{user}-only.txt"), "refused 550"], ListingAssert.Lines(result.StandardOutput));
        }

        AssertOwnFiles(server, "ftplib.txt", "from ftplib");
    }

    private static readonly string[] Users = ["alice", "bob"];

    private static Task<AccountServer> StartAsync() => AccountServer.StartAsync(s =>
    {
        foreach (var user in Users)
        {
            s.AddUser(user);
            File.WriteAllText(Path.Combine(s.HomeOf(user), $"{user}-only.txt"), user);
        }
    });

    private static void AssertOwnFiles(AccountServer server, string name, string content)
    {
        foreach (var user in Users)
        {
            Assert.Equal(content, File.ReadAllText(Path.Combine(server.HomeOf(user), name)));
            Assert.Equal(Sorted(name, $"{user}-only.txt"), Directory.GetFiles(server.HomeOf(user)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
    }

    private static string[] Sorted(params string[] names) => [.. names.Order(StringComparer.Ordinal)];

    private static Task<CommandResult> Curl(params string[] arguments) =>
        ExternalCommand.RunCheckedAsync("curl", ["--silent", "--show-error", "--fail", "--max-time", "30", .. arguments]);
}
