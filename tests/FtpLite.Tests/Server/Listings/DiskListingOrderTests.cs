using FtpLite.FileSystem;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Listings;

/// <summary>
/// The disk's listing order (docs/scaling.md, "Listings"): sorted by name up to
/// <see cref="DiskFileSystem.SortedListingLimit"/> entries, the directory's own order beyond, every entry once.
/// </summary>
public sealed class DiskListingOrderTests
{
    [Fact]
    public async Task A_folder_up_to_the_limit_lists_sorted_by_name()
    {
        using var root = new TempDirectory();
        var names = new[] { "b.txt", "A.txt", "a.txt", "c", "_z", "é.txt" };
        foreach (var name in names)
        {
            File.WriteAllBytes(root.Combine(name), []);
        }

        var listed = await new DiskFileSystem(root.Path).ListAsync("/", default).Select(entry => entry.Name).ToListAsync();

        Assert.Equal(names.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task A_folder_above_the_limit_lists_every_entry_once()
    {
        using var root = new TempDirectory();
        var count = DiskFileSystem.SortedListingLimit + 50;
        for (var i = 0; i < count; i++)
        {
            File.Create(root.Combine($"{i:D6}")).Dispose();
        }

        var listed = await new DiskFileSystem(root.Path).ListAsync("/", default).Select(entry => entry.Name).ToListAsync();

        Assert.Equal(count, listed.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{i:D6}"), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_missing_folder_is_not_found_at_the_first_read()
    {
        using var root = new TempDirectory();
        var listing = new DiskFileSystem(root.Path).ListAsync("/missing", default);

        var error = await Assert.ThrowsAsync<FtpFileSystemException>(() => listing.ToListAsync().AsTask());

        Assert.Equal(FtpFileSystemError.NotFound, error.Error);
    }
}
