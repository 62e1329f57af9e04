using FtpLite.Client;
using System.Net;
using FtpLite.FileSystem;
using FtpLite.Server;
using FtpLite.Tests.Support;
using Xunit.Abstractions;

namespace FtpLite.Tests.Server;

public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_full_disk_answers_452_keeps_the_old_file_and_leaves_no_temporary()
    {
        using var small = SmallDisk.TryMount(out var whyNot);
        using var fallbackRoot = new TempDirectory();
        var rootPath = small?.Path ?? fallbackRoot.Path;
        IFtpFileSystem fileSystem = new DiskFileSystem(rootPath);
        if (small is null)
        {
            if (SmallDisk.IsRequired)
            {
                Assert.Fail($"{SmallDisk.RequiredVariable} is set, so this test must use a real tmpfs, but {whyNot}.");
            }

            // No tmpfs here (not root): simulate the same ENOSPC the kernel would raise.
            fileSystem = new FullDiskFileSystem(fileSystem, 512 * 1024);
            output.WriteLine($"Disk: simulated (FullDiskFileSystem, full after 512 KiB), because {whyNot}.");
        }
        else
        {
            output.WriteLine($"Disk: a real 1 MiB tmpfs mounted at {rootPath}.");
        }

        var original = TestData.Bytes(100_000, 5);
        File.WriteAllBytes(Path.Combine(rootPath, "keep.bin"), original);
        await using var server = new FtpServer(new FtpServerOptions { Address = IPAddress.Loopback, Port = 0, FileSystem = fileSystem });
        await server.StartAsync();
        await using var client = await FtpLite.Client.FtpClient.ConnectAsync(new() { Port = server.Port });
        using var local = new TempDirectory();
        var big = local.WriteFile("big.bin", TestData.Bytes(2 * 1024 * 1024, 6));

        var error = await Assert.ThrowsAsync<FtpCommandException>(() => client.UploadFileAsync(big, "keep.bin", new FtpTransferOptions { Overwrite = true }));
        Assert.Equal(452, error.ReplyCode);
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(rootPath, "keep.bin")));
        Assert.Equal(["keep.bin"], Directory.GetFileSystemEntries(rootPath).Select(Path.GetFileName));

        // The session survives and the space is free again.
        var fits = local.WriteFile("fits.bin", TestData.Bytes(10_000, 8));
        await client.UploadFileAsync(fits, "fits.bin");
        Assert.Equal(10_000, new FileInfo(Path.Combine(rootPath, "fits.bin")).Length);
    }
}
