using System.Text;
using FtpLite.FileSystem;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>Nothing outside the root is readable, writable or deletable, whatever path a client sends.</summary>
public sealed class RootJailTests
{
    /// <summary>Paths that try to leave the root; "{sibling}" stands for a folder beside the root sharing its name as prefix.</summary>
    public static TheoryData<string> HostilePaths =>
    [
        "..",
        "../secret.txt",
        "../../secret.txt",
        "../../../../../../../../secret.txt",
        "/../secret.txt",
        "/../../../secret.txt",
        "/./../secret.txt",
        "./../secret.txt",
        "sub/../../secret.txt",
        "sub/./../../secret.txt",
        "sub//..//..//secret.txt",
        "..\\secret.txt",
        "..\\..\\..\\secret.txt",
        "sub\\..\\..\\secret.txt",
        "\\..\\secret.txt",
        "\\\\server\\share\\secret.txt",
        "/%2e%2e/secret.txt",
        "%2e%2e%2fsecret.txt",
        "..%2f..%2fsecret.txt",
        "..%5csecret.txt",
        "%c0%ae%c0%ae/secret.txt",
        "..\u2215secret.txt",
        "..\uff0fsecret.txt",
        "\u2024\u2024/secret.txt",
        "....//....//secret.txt",
        ".../secret.txt",
        "..;/secret.txt",
        "//secret.txt",
        "///../secret.txt",
        "../{sibling}/secret.txt",
        "/../{sibling}/secret.txt",
        "../../{sibling}/../{sibling}/secret.txt",
        "link-out",
        "link-out/",
        "link-out/.",
        "link-out/secret.txt",
        "link-out/./secret.txt",
        "link-out//secret.txt",
        "file-link",
        "sub/link-up",
        "sub/link-up/secret.txt",
        "sub//link-up//secret.txt",
        "sub/link-up/../secret.txt",
        "sub/loop/secret.txt",
        "..\0/secret.txt",
        "secret.txt\0.jpg",
        "\u0001../secret.txt",
        "\t../secret.txt",
        "C:\\secret.txt",
        "C:/secret.txt",
        "~/secret.txt",
        "~root/.bashrc",
        "/etc/passwd",
        "../../../../../../etc/passwd",
        "../" + new string('a', 300) + "/secret.txt",
        string.Concat(Enumerable.Repeat("../", 600)) + "secret.txt",
    ];

    [Theory]
    [MemberData(nameof(HostilePaths))]
    public async Task Hostile_paths_never_reach_outside_the_root(string path)
    {
        await using var fixture = await ServerFixture.StartAsync();
        await AssertPathStaysInsideAsync(path, fixture.Root, () => RawFtp.ConnectAsync(fixture.Port));
    }

    /// <summary>
    /// Runs every command on <paramref name="path"/> in a session whose "/" is <paramref name="root"/> (logged in by
    /// <paramref name="connect"/>) and checks that nothing outside the root was read, changed or revealed. Also run
    /// as account users, whose home is their root (AccountJailTests).
    /// </summary>
    internal static async Task AssertPathStaysInsideAsync(string path, TempDirectory root, Func<Task<RawFtp>> connect)
    {
        using var outside = new TempDirectory("ftplite-outside-");
        var secret = outside.WriteFile("secret.txt", Encoding.UTF8.GetBytes("top secret"));
        Directory.CreateDirectory(outside.Combine("victim-dir"));
        MakeHostileLinks(root, outside);
        root.WriteFile("inside.txt", Encoding.UTF8.GetBytes("inside"));
        var sibling = root.Path + "-sibling";
        Directory.CreateDirectory(sibling);
        File.WriteAllText(Path.Combine(sibling, "secret.txt"), "sibling secret");
        Directory.CreateDirectory(Path.Combine(sibling, "victim-dir"));
        var outsideBefore = Tree(outside.Path);
        var siblingBefore = Tree(sibling);
        var outsideTimesBefore = Times(outside.Path);
        var siblingTimesBefore = Times(sibling);
        try
        {
            path = path.Replace("{sibling}", Path.GetFileName(sibling), StringComparison.Ordinal);
            await using var raw = await connect();
            Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);

            var (data, final, _) = await raw.ReceiveAsync("RETR " + path);
            Assert.DoesNotContain("secret", Encoding.UTF8.GetString(data), StringComparison.Ordinal);
            Assert.DoesNotContain("root:", Encoding.UTF8.GetString(data), StringComparison.Ordinal);
            Assert.True(final.Code >= 400, $"RETR {path} answered {final}");

            Assert.NotEqual(213, (await raw.SendAsync("SIZE " + path)).Code);
            Assert.NotEqual(213, (await raw.SendAsync("MDTM " + path)).Code);
            Assert.NotEqual(250, (await raw.SendAsync("DELE " + path)).Code);

            var listing = await raw.ReceiveAsync("LIST " + path);
            Assert.DoesNotContain("secret", Encoding.UTF8.GetString(listing.Data), StringComparison.Ordinal);
            var mlsd = await raw.ReceiveAsync("MLSD " + path);
            Assert.DoesNotContain("secret", Encoding.UTF8.GetString(mlsd.Data), StringComparison.Ordinal);

            var mlst = await raw.SendAsync("MLST " + path);
            Assert.DoesNotContain("secret", mlst.Message, StringComparison.Ordinal);
            var stat = await raw.SendAsync("STAT " + path);
            Assert.DoesNotContain("secret", stat.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("root:", stat.Message, StringComparison.Ordinal);
            var nlst = await raw.ReceiveAsync("NLST " + path);
            Assert.DoesNotContain("secret", Encoding.UTF8.GetString(nlst.Data), StringComparison.Ordinal);

            // No hash of a file outside: not of the whole file, not of a range of it.
            Assert.NotEqual(213, (await raw.SendAsync("HASH " + path)).Code);
            Assert.Equal(350, (await raw.SendAsync("RANG 0 3")).Code);
            Assert.NotEqual(213, (await raw.SendAsync("HASH " + path)).Code);

            await TryUploadAsync(raw, "STOR " + path);
            await TryUploadAsync(raw, "APPE " + path);
            var made = await raw.SendAsync("MKD " + path.Replace("secret.txt", "new-dir", StringComparison.Ordinal));
            Assert.DoesNotContain(outside.Path, made.Message, StringComparison.Ordinal);
            // MFMT changes no time outside: not a file's, not a folder's, not through a link.
            await raw.SendAsync("MFMT 20010101000000 " + path);
            await raw.SendAsync("MFMT 20010101000000 " + path.Replace("secret.txt", "victim-dir", StringComparison.Ordinal));
            await raw.SendAsync("RMD " + path.Replace("secret.txt", "victim-dir", StringComparison.Ordinal));

            // Renames neither take a file out of the root nor bring one in over the secret.
            if ((await raw.SendAsync("RNFR " + path)).Code == 350)
            {
                await raw.SendAsync("RNTO stolen.txt");
            }

            // A path clamped to the root may name what STOR just stored there; never a link out, never a secret.
            var stolen = new FileInfo(root.Combine("stolen.txt"));
            if (stolen.Exists || Directory.Exists(stolen.FullName))
            {
                Assert.True(stolen.LinkTarget is null && stolen.Exists, $"RNFR {path} took a link or a folder into the root");
                Assert.DoesNotContain("secret", File.ReadAllText(stolen.FullName), StringComparison.Ordinal);
            }

            Assert.Equal(350, (await raw.SendAsync("RNFR inside.txt")).Code);
            await raw.SendAsync("RNTO " + path);

            var cwd = await raw.SendAsync("CWD " + path);
            var pwd = await raw.SendAsync("PWD");
            Assert.DoesNotContain(outside.Path, pwd.Message, StringComparison.Ordinal);
            if (cwd.Code == 250)
            {
                var after = await raw.ReceiveAsync("LIST");
                Assert.DoesNotContain("secret", Encoding.UTF8.GetString(after.Data), StringComparison.Ordinal);
            }

            Assert.Equal("top secret", File.ReadAllText(secret));
            Assert.Equal("sibling secret", File.ReadAllText(Path.Combine(sibling, "secret.txt")));
            Assert.Equal(outsideBefore, Tree(outside.Path));
            Assert.Equal(siblingBefore, Tree(sibling));
            Assert.Equal(outsideTimesBefore, Times(outside.Path));
            Assert.Equal(siblingTimesBefore, Times(sibling));
        }
        finally
        {
            Directory.Delete(sibling, recursive: true);
        }
    }

    [Fact]
    public async Task Links_inside_the_root_that_stay_inside_are_served()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("real/data.txt", Encoding.UTF8.GetBytes("inside"));
        File.CreateSymbolicLink(fixture.Root.Combine("alias.txt"), fixture.Root.Combine("real", "data.txt"));
        Directory.CreateSymbolicLink(fixture.Root.Combine("alias-dir"), fixture.Root.Combine("real"));
        await using var client = await fixture.ConnectAsync();

        var names = (await client.ListDirectoryAsync("/")).Select(i => i.Name).Order().ToArray();
        Assert.Equal(["alias-dir", "alias.txt", "real"], names);
        Assert.Single(await client.ListDirectoryAsync("/alias-dir"));
        using var local = new TempDirectory();
        var (file, _) = await client.DownloadFileAsync("/alias-dir/data.txt", local.Combine("d.txt"));
        Assert.Equal("inside", File.ReadAllText(file.FullName));
    }

    [Fact]
    public void Disk_file_system_refuses_names_that_are_not_plain()
    {
        using var root = new TempDirectory();
        var fileSystem = new DiskFileSystem(root.Path);
        foreach (var path in new[] { "relative", "/a/../b", "/.", "/bad\\name", "/ctl\u0001", "/.ftplite-0011223344556677.part" })
        {
            var error = Assert.ThrowsAny<FtpFileSystemException>(() => fileSystem.GetEntryAsync(path, default).AsTask().GetAwaiter().GetResult());
            Assert.Equal(FtpFileSystemError.InvalidName, error.Error);
        }
    }

    [Fact]
    public async Task Listings_hide_links_that_leave_the_root_and_staged_uploads()
    {
        using var outside = new TempDirectory("ftplite-outside-");
        outside.WriteFile("secret.txt", Encoding.UTF8.GetBytes("top secret"));
        await using var fixture = await ServerFixture.StartAsync();
        MakeHostileLinks(fixture.Root, outside);
        fixture.Root.WriteFile("visible.txt", [1]);
        fixture.Root.WriteFile(".ftplite-0011223344556677.part", [2]);
        await using var client = await fixture.ConnectAsync();

        var names = (await client.ListDirectoryAsync("/")).Select(i => i.Name).Order().ToArray();
        Assert.Equal(["sub", "visible.txt"], names);
        Assert.Empty(await client.ListDirectoryAsync("/sub"));
    }

    /// <summary>Sends an upload command and, if the server takes it, a few bytes (S3RootJailTests sends them too).</summary>
    internal static async Task TryUploadAsync(RawFtp raw, string command)
    {
        using var upload = await raw.OpenDataAsync();
        if ((await raw.SendAsync(command)).Code == 150)
        {
            await upload.GetStream().WriteAsync(Encoding.UTF8.GetBytes("overwritten"));
            upload.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            upload.Close();
            await raw.ReadAsync();
        }
    }

    /// <summary>Every file and folder under a folder, with each file's size, sorted.</summary>
    private static string[] Tree(string folder) =>
    [
        .. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(entry => Path.GetRelativePath(folder, entry) + (File.Exists(entry) ? ":" + new FileInfo(entry).Length : "/"))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The modification time of a folder and of everything under it (links not followed), sorted by path.</summary>
    private static string[] Times(string folder) =>
    [
        .. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Append(folder)
            .Select(entry => entry + "@" + new FileInfo(entry).LastWriteTimeUtc.Ticks)
            .Order(StringComparer.Ordinal),
    ];

    private static void MakeHostileLinks(TempDirectory root, TempDirectory outside)
    {
        Directory.CreateSymbolicLink(root.Combine("link-out"), outside.Path);
        File.CreateSymbolicLink(root.Combine("file-link"), Path.Combine(outside.Path, "secret.txt"));
        Directory.CreateDirectory(root.Combine("sub"));
        Directory.CreateSymbolicLink(root.Combine("sub", "link-up"), "../../" + Path.GetFileName(outside.Path));
        Directory.CreateSymbolicLink(root.Combine("sub", "loop"), "loop");
    }
}
