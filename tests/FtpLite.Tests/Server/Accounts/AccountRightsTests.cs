using System.Text;
using FtpLite.Server.Accounts;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Accounts;

/// <summary>Each right, per command: granted with just that right, refused (550, nothing changed) without it.</summary>
public sealed class AccountRightsTests
{
    private const FtpRights SeesNoFiles = FtpRights.All & ~(FtpRights.List | FtpRights.Download | FtpRights.Rename);

    public static TheoryData<string, int, FtpRights, FtpRights> Cases => new()
    {
        { "STOR new.txt", 226, FtpRights.Upload, FtpRights.All & ~FtpRights.Upload },
        { "STOR file.txt", 226, FtpRights.Overwrite, FtpRights.All & ~FtpRights.Overwrite },
        { "APPE new.txt", 226, FtpRights.Upload, FtpRights.All & ~FtpRights.Upload },
        { "APPE file.txt", 226, FtpRights.Overwrite, FtpRights.All & ~FtpRights.Overwrite },
        { "DELE file.txt", 250, FtpRights.Delete, FtpRights.All & ~FtpRights.Delete },
        { "RMD dir", 250, FtpRights.Delete, FtpRights.All & ~FtpRights.Delete },
        { "MKD made", 257, FtpRights.CreateFolder, FtpRights.All & ~FtpRights.CreateFolder },
        { "RNFR file.txt|RNTO renamed.txt", 250, FtpRights.Rename, FtpRights.All & ~FtpRights.Rename },
        { "RETR file.txt", 226, FtpRights.Download, FtpRights.All & ~FtpRights.Download },
        { "LIST /", 226, FtpRights.List, FtpRights.All & ~FtpRights.List },
        { "NLST /", 226, FtpRights.List, FtpRights.All & ~FtpRights.List },
        { "MLSD /", 226, FtpRights.List, FtpRights.All & ~FtpRights.List },
        { "SIZE file.txt", 213, FtpRights.Download, SeesNoFiles },
        { "MDTM file.txt", 213, FtpRights.Download, SeesNoFiles },
        { "HASH file.txt", 213, FtpRights.Download, FtpRights.All & ~FtpRights.Download },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_command_needs_its_right(string command, int success, FtpRights granted, FtpRights refused)
    {
        await using var server = await AccountServer.StartAsync(s =>
        {
            Seed(s.AddUser("granted", granted).Home!);
            Seed(s.AddUser("refused", refused).Home!);
        });

        await using (var raw = await server.LoginAsync("granted"))
        {
            Assert.Equal(success, await RunAsync(raw, command));
        }

        var before = Tree(server.HomeOf("refused"));
        await using (var raw = await server.LoginAsync("refused"))
        {
            Assert.Equal(550, await RunAsync(raw, command));
            Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
        }

        Assert.Equal(before, Tree(server.HomeOf("refused")));
    }

    [Fact]
    public async Task A_drop_box_takes_new_files_and_shows_nothing()
    {
        await using var server = await AccountServer.StartAsync(s => Seed(s.AddUser("scanner", FtpRights.DropBox).Home!));
        await using var raw = await server.LoginAsync("scanner");

        Assert.Equal(226, await UploadAsync(raw, "STOR scan-1.pdf", "page"));
        Assert.Equal("page", File.ReadAllText(Path.Combine(server.HomeOf("scanner"), "scan-1.pdf")));
        Assert.Equal(550, await UploadAsync(raw, "STOR scan-1.pdf", "other"));
        Assert.Equal("page", File.ReadAllText(Path.Combine(server.HomeOf("scanner"), "scan-1.pdf")));
        Assert.Equal(550, (await raw.ReceiveAsync("LIST")).Final.Code);
        Assert.Equal(550, (await raw.ReceiveAsync("RETR scan-1.pdf")).Final.Code);
        // A name that is there and one that is not get the same answer: a drop box cannot probe.
        var there = await raw.SendAsync("SIZE file.txt");
        var notThere = await raw.SendAsync("SIZE nothing.txt");
        Assert.Equal((550, "Permission denied."), (there.Code, there.Message));
        Assert.Equal((550, "Permission denied."), (notThere.Code, notThere.Message));
        Assert.Equal(250, (await raw.SendAsync("CWD dir")).Code);
    }

    [Fact]
    public async Task A_read_only_user_lists_and_downloads_and_changes_nothing()
    {
        await using var server = await AccountServer.StartAsync(s => Seed(s.AddUser("reader", FtpRights.ReadOnly).Home!));
        var before = Tree(server.HomeOf("reader"));
        await using var raw = await server.LoginAsync("reader");

        Assert.Equal("hello", Encoding.UTF8.GetString((await raw.ReceiveAsync("RETR file.txt")).Data));
        Assert.Contains("file.txt", Encoding.UTF8.GetString((await raw.ReceiveAsync("NLST")).Data), StringComparison.Ordinal);
        foreach (var command in new[] { "STOR x.txt", "APPE file.txt", "DELE file.txt", "RMD dir", "MKD new", "RNFR file.txt|RNTO y.txt", "MFMT 20010101000000 file.txt" })
        {
            Assert.Equal(550, await RunAsync(raw, command));
        }

        Assert.Equal(before, Tree(server.HomeOf("reader")));
    }

    [Fact]
    public async Task Rights_follow_the_longest_matching_path()
    {
        await using var server = await AccountServer.StartAsync(s =>
        {
            var user = s.AddUser("partner", FtpRights.ReadOnly);
            user.Rights!["/in"] = FtpRights.DropBox;
            Directory.CreateDirectory(Path.Combine(user.Home!, "in"));
            Seed(user.Home!);
        });
        await using var raw = await server.LoginAsync("partner");

        Assert.Equal(226, await UploadAsync(raw, "STOR /in/order.csv", "1,2"));
        Assert.Equal(550, (await raw.ReceiveAsync("LIST /in")).Final.Code);
        Assert.Equal(550, await UploadAsync(raw, "STOR /out.csv", "1,2"));
        Assert.Equal(226, (await raw.ReceiveAsync("LIST /")).Final.Code);
        Assert.Equal(550, await RunAsync(raw, "RNFR /file.txt|RNTO /in/file.txt"));
    }

    /// <summary>A file, an empty folder and a folder with a file.</summary>
    internal static void Seed(string home)
    {
        File.WriteAllText(Path.Combine(home, "file.txt"), "hello");
        Directory.CreateDirectory(Path.Combine(home, "dir"));
        Directory.CreateDirectory(Path.Combine(home, "full"));
        File.WriteAllText(Path.Combine(home, "full", "x.txt"), "x");
    }

    /// <summary>Runs one command (or "RNFR a|RNTO b") and returns its final reply code.</summary>
    internal static async Task<int> RunAsync(RawFtp raw, string command)
    {
        if (command.Split('|') is [var first, var second])
        {
            var reply = await raw.SendAsync(first);
            return reply.Code == 350 ? (await raw.SendAsync(second)).Code : reply.Code;
        }

        if (command.StartsWith("STOR", StringComparison.Ordinal) || command.StartsWith("APPE", StringComparison.Ordinal))
        {
            return await UploadAsync(raw, command, "data");
        }

        if (command.Split(' ')[0] is "RETR" or "LIST" or "NLST" or "MLSD")
        {
            var (data, final, _) = await raw.ReceiveAsync(command);
            if (final.Code >= 400)
            {
                Assert.Empty(data);
            }

            return final.Code;
        }

        return (await raw.SendAsync(command)).Code;
    }

    /// <summary>Uploads text; the final reply code (the refusal may come after 150, once the data connection is open).</summary>
    internal static async Task<int> UploadAsync(RawFtp raw, string command, string content)
    {
        using var data = await raw.OpenDataAsync();
        var first = await raw.SendAsync(command);
        if (first.Code != 150)
        {
            return first.Code;
        }

        await data.GetStream().WriteAsync(Encoding.UTF8.GetBytes(content));
        data.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        data.Close();
        return (await raw.ReadAsync()).Code;
    }

    /// <summary>Every entry under a folder with its size and content hash, sorted.</summary>
    internal static string[] Tree(string folder) =>
    [
        .. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(entry => Path.GetRelativePath(folder, entry) + (File.Exists(entry) ? ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(entry))) : "/"))
            .Order(StringComparer.Ordinal),
    ];
}
