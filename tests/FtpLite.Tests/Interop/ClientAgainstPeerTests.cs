using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// FtpLite's client against real servers: vsftpd (LIST only, empty LIST for a missing path) and pyftpdlib
/// (MLSD/MLST). Each test starts its own peer on a free loopback port and checks the peer's folder on disk.
/// </summary>
public sealed class ClientAgainstPeerTests
{
    public static TheoryData<PeerKind> Peers => new() { PeerKind.Vsftpd, PeerKind.Pyftpdlib };

    [Theory]
    [MemberData(nameof(InteropCases.PeerFiles), MemberType = typeof(InteropCases))]
    public async Task Client_uploads_lists_downloads_and_deletes(PeerKind kind, string name, int length)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        using var local = new TempDirectory("ftplite-client-");
        var content = InteropCases.Content(name, length);
        var source = local.WriteFile("source.bin", content);
        await using var client = await ConnectAsync(peer);

        var (uploaded, _) = await client.UploadFileAsync(source, name);
        Assert.Equal("/" + name, uploaded.FullName);
        Assert.Equal(content, File.ReadAllBytes(peer.Root.Combine(name)));

        var listing = await client.ListDirectoryAsync("/");
        AssertSingleFile(listing, name, length);
        AssertSingleFile(await client.GetChildItemsAsync("/"), name, length);
        var item = await client.GetItemAsync(name);
        Assert.NotNull(item);
        Assert.Equal(FtpItemType.File, item.ItemType);
        Assert.Equal(length, item.Length);

        var copy = local.Combine("copy.bin");
        var (downloaded, _) = await client.DownloadFileAsync(name, copy);
        Assert.Equal(copy, downloaded.FullName);
        Assert.Equal(content, File.ReadAllBytes(copy));

        await client.DeleteFileAsync(name);
        Assert.False(File.Exists(peer.Root.Combine(name)));
        Assert.Empty(await client.ListDirectoryAsync("/"));
        Assert.Null(await client.GetItemAsync(name));
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task GetChildItems_on_a_missing_path_throws_not_found(PeerKind kind)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        peer.Root.WriteFile("present.txt", TestData.Bytes(10));
        await using var client = await ConnectAsync(peer);

        var missing = await Assert.ThrowsAsync<FtpItemNotFoundException>(() => client.GetChildItemsAsync("/no such dir"));
        Assert.Equal("/no such dir", missing.Path);
        var nested = await Assert.ThrowsAsync<FtpItemNotFoundException>(() => client.GetChildItemsAsync("/absent/deeper"));
        Assert.Equal("/absent/deeper", nested.Path);

        // The session is still usable afterwards.
        AssertSingleFile(await client.GetChildItemsAsync("/"), "present.txt", 10);
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task GetChildItems_on_a_file_returns_that_file(PeerKind kind)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        peer.Root.WriteFile("other.bin", TestData.Bytes(5));
        peer.Root.WriteFile(Path.Combine("sub", "a file.bin"), TestData.Bytes(1234));
        await using var client = await ConnectAsync(peer);

        var items = await client.GetChildItemsAsync("/sub/a file.bin");

        var item = Assert.Single(items);
        Assert.Equal("a file.bin", item.Name);
        Assert.Equal("/sub/a file.bin", item.FullName);
        Assert.Equal(FtpItemType.File, item.ItemType);
        Assert.Equal(1234, item.Length);
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task GetChildItems_tells_folders_from_files_whatever_a_listing_looks_like(PeerKind kind)
    {
        // Without MLSD one LIST has to do for the common case: these are the shapes where a LIST alone would
        // mislead (a folder holding one entry named like itself, an empty folder, wildcard characters that
        // vsftpd expands in a LIST argument).
        await using var peer = await PeerServer.StartAsync(kind);
        peer.Root.WriteFile(Path.Combine("many", "a.txt"), TestData.Bytes(1));
        peer.Root.WriteFile(Path.Combine("many", "b.txt"), TestData.Bytes(2));
        peer.Root.WriteFile(Path.Combine("many", "c.txt"), TestData.Bytes(3));
        peer.Root.WriteFile(Path.Combine("same", "same"), TestData.Bytes(4));
        Directory.CreateDirectory(peer.Root.Combine("empty"));
        peer.Root.WriteFile(Path.Combine("star[1]", "inside.txt"), TestData.Bytes(5));
        peer.Root.WriteFile(Path.Combine("star[1]", "second.txt"), TestData.Bytes(6));
        peer.Root.WriteFile("star1", TestData.Bytes(7));
        await using var client = await ConnectAsync(peer);

        var many = await client.GetChildItemsAsync("/many");
        Assert.Equal(["a.txt", "b.txt", "c.txt"], many.Select(item => item.Name).Order(StringComparer.Ordinal));
        Assert.All(many, item => Assert.Equal("/many/" + item.Name, item.FullName));
        Assert.Equal([1L, 2, 3], many.OrderBy(item => item.Name, StringComparer.Ordinal).Select(item => item.Length));

        var same = Assert.Single(await client.GetChildItemsAsync("/same"));
        Assert.Equal("/same/same", same.FullName);
        Assert.Equal(4, same.Length);

        Assert.Empty(await client.GetChildItemsAsync("/empty"));

        var star = await client.GetChildItemsAsync("/star[1]");
        Assert.Equal(["/star[1]/inside.txt", "/star[1]/second.txt"], star.Select(item => item.FullName).Order(StringComparer.Ordinal));

        var file = Assert.Single(await client.GetChildItemsAsync("/star1"));
        Assert.Equal(FtpItemType.File, file.ItemType);
        Assert.Equal(7, file.Length);
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task Directories_are_created_filled_listed_and_deleted_recursively(PeerKind kind)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        using var local = new TempDirectory("ftplite-client-");
        var content = TestData.Bytes(20_000, 7);
        var source = local.WriteFile("inner file.bin", content);
        await using var client = await ConnectAsync(peer);

        await client.CreateDirectoryAsync("/new dir");
        await client.CreateDirectoryAsync("/new dir/" + InteropCases.NonAsciiName);
        Assert.True(Directory.Exists(peer.Root.Combine("new dir", InteropCases.NonAsciiName)));

        var (uploaded, _) = await client.UploadFileAsync(source, "/new dir/");
        Assert.Equal("/new dir/inner file.bin", uploaded.FullName);
        await client.UploadFileAsync(source, "/new dir/" + InteropCases.NonAsciiName + "/deep.bin");
        Assert.Equal(content, File.ReadAllBytes(peer.Root.Combine("new dir", "inner file.bin")));
        Assert.Equal(content, File.ReadAllBytes(peer.Root.Combine("new dir", InteropCases.NonAsciiName, "deep.bin")));

        var root = await client.ListDirectoryAsync("/");
        var directory = Assert.Single(root);
        Assert.Equal("new dir", directory.Name);
        Assert.Equal(FtpItemType.Directory, directory.ItemType);

        var children = (await client.GetChildItemsAsync("/new dir")).OrderBy(item => item.Name, StringComparer.Ordinal).ToList();
        AssertNoDotEntries(children);
        Assert.Equal([InteropCases.NonAsciiName, "inner file.bin"], children.Select(item => item.Name));
        Assert.Equal([FtpItemType.Directory, FtpItemType.File], children.Select(item => item.ItemType));
        Assert.Equal(content.Length, children[1].Length);
        Assert.Equal("/new dir/inner file.bin", children[1].FullName);
        Assert.Equal("/new dir/" + InteropCases.NonAsciiName, children[0].FullName);

        await client.DeleteItemAsync("/new dir", recursive: true);
        Assert.False(Directory.Exists(peer.Root.Combine("new dir")));
        Assert.Empty(await client.ListDirectoryAsync("/"));
        await Assert.ThrowsAsync<FtpItemNotFoundException>(() => client.GetChildItemsAsync("/new dir"));
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task Downloading_a_missing_file_throws_not_found_and_leaves_no_local_file(PeerKind kind)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        using var local = new TempDirectory("ftplite-client-");
        await using var client = await ConnectAsync(peer);
        var target = local.Combine("never.bin");

        var error = await Assert.ThrowsAsync<FtpItemNotFoundException>(() => client.DownloadFileAsync("/missing.bin", target));

        Assert.Equal("/missing.bin", error.Path);
        Assert.False(File.Exists(target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(local.Path));
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task Uploading_onto_an_existing_file_without_overwrite_throws_and_keeps_the_remote_file(PeerKind kind)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        using var local = new TempDirectory("ftplite-client-");
        var original = TestData.Bytes(3000, 1);
        var replacement = TestData.Bytes(5000, 2);
        var source = local.WriteFile("source.bin", replacement);
        await using var client = await ConnectAsync(peer);
        await client.UploadFileAsync(local.WriteFile("original.bin", original), "/taken name.bin");

        var error = await Assert.ThrowsAsync<FtpDestinationExistsException>(() => client.UploadFileAsync(source, "/taken name.bin"));

        Assert.True(error.IsRemote);
        Assert.Equal("/taken name.bin", error.Path);
        Assert.Equal(original, File.ReadAllBytes(peer.Root.Combine("taken name.bin")));
        AssertSingleFile(await client.ListDirectoryAsync("/"), "taken name.bin", original.Length);

        // With overwrite the same upload replaces it.
        await client.UploadFileAsync(source, "/taken name.bin", new FtpTransferOptions { Overwrite = true });
        Assert.Equal(replacement, File.ReadAllBytes(peer.Root.Combine("taken name.bin")));
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task ListDirectory_on_a_missing_path_throws_not_found(PeerKind kind)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        peer.Root.WriteFile("present.txt", TestData.Bytes(10));
        await using var client = await ConnectAsync(peer);

        // vsftpd answers LIST of a missing path with 150/226 and no lines; that must not read as an empty folder.
        var missing = await Assert.ThrowsAsync<FtpItemNotFoundException>(() => client.ListDirectoryAsync("/no such dir"));
        Assert.Equal("/no such dir", missing.Path);

        AssertSingleFile(await client.ListDirectoryAsync("/"), "present.txt", 10);
        await client.DisconnectAsync();
    }

    /// <summary>Connects and checks the peer takes the code path it stands for: LIST (vsftpd) or MLSD/MLST (pyftpdlib).</summary>
    private static async Task<FtpClient> ConnectAsync(PeerServer peer)
    {
        var client = await peer.ConnectAsync();
        if (peer.Kind == PeerKind.Vsftpd)
        {
            Assert.DoesNotContain("MLST", client.Features);
        }
        else
        {
            Assert.Contains("MLST", client.Features);
        }

        return client;
    }

    private static void AssertSingleFile(IReadOnlyList<FtpItem> items, string name, long length)
    {
        AssertNoDotEntries(items);
        var item = Assert.Single(items);
        Assert.Equal(name, item.Name);
        Assert.Equal("/" + name, item.FullName);
        Assert.Equal(FtpItemType.File, item.ItemType);
        Assert.Equal(length, item.Length);
    }

    private static void AssertNoDotEntries(IEnumerable<FtpItem> items) =>
        Assert.DoesNotContain(items, item => item.Name is "." or ".." || item.Name.Length == 0);
}
