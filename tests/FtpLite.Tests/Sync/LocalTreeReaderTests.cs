using FtpLite.Sync;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Sync;

public sealed class LocalTreeReaderTests
{
    [Fact]
    public void Reads_files_and_empty_folders_parents_first_and_leaves_out_in_flight_files_and_excluded_folders()
    {
        using var root = new TempDirectory();
        root.WriteFile("a b/ünï.txt", [1, 2]);
        root.WriteFile("a b/.x.txt.ftplite-partial", [1]);
        root.WriteFile(".ftplite-0123456789abcdef.part", [1]);
        root.WriteFile("cache/big.bin", [1]);
        Directory.CreateDirectory(root.Combine("empty"));

        var snapshot = LocalTreeReader.Read(root.Path, new SyncFilter(exclude: ["cache"]));

        Assert.Equal(["a b", "empty", "a b/ünï.txt"], snapshot.Entries.Select(e => e.RelativePath));
        Assert.Equal(2, snapshot.Find("a b/ünï.txt")!.Length);
        Assert.Equal(1, snapshot.FileCount);
        Assert.False(LocalTreeReader.Read(root.Combine("missing")).Exists);
    }
}
