using FtpLite.Server;
using FtpLite.Sync;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Sync;

/// <summary>The remote snapshot against FtpLite's server: one folder refusing its listing is recorded, not fatal.</summary>
public sealed class RemoteTreeReaderTests
{
    [Fact]
    public async Task A_folder_that_cannot_be_listed_is_marked_incomplete_and_the_rest_is_read()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Address = System.Net.IPAddress.Loopback,
            Port = 0,
            FileSystem = new RefusingFolderFileSystem(fs, "/tree/locked"),
        });
        fixture.Root.WriteFile("tree/open/a.txt", [1, 2, 3]);
        fixture.Root.WriteFile("tree/locked/b.txt", [4]);
        fixture.Root.WriteFile("tree/top.txt", []);
        File.SetLastWriteTimeUtc(fixture.Root.Combine("tree", "top.txt"), new DateTime(2025, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        await using var client = await fixture.ConnectAsync();

        var snapshot = await RemoteTreeReader.ReadAsync(client, "/tree", CancellationToken.None);

        Assert.Equal(["locked", "open", "top.txt", "open/a.txt"], snapshot.Entries.Select(e => e.RelativePath).Order(StringComparer.Ordinal).OrderBy(p => p.Count(c => c == '/')));
        Assert.Equal(["locked"], snapshot.IncompleteFolders.Keys);
        var top = snapshot.Find("top.txt")!;
        Assert.Equal((0L, new DateTime(2025, 5, 6, 7, 8, 9, DateTimeKind.Utc), TimeSpan.FromSeconds(1)), (top.Length, top.LastWriteTimeUtc!.Value, top.TimePrecision));
        Assert.Equal(3, snapshot.Find("open/a.txt")!.Length);
    }

    [Fact]
    public async Task A_missing_folder_is_an_empty_snapshot_and_a_file_is_refused()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("file.txt", [1]);
        await using var client = await fixture.ConnectAsync();

        Assert.False((await RemoteTreeReader.ReadAsync(client, "/missing", CancellationToken.None)).Exists);
        await Assert.ThrowsAsync<FtpItemTypeException>(() => RemoteTreeReader.ReadAsync(client, "/file.txt", CancellationToken.None));
    }
}
