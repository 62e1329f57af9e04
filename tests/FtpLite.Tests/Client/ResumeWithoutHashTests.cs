using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// -Resume on a server without HASH or RANG never splices two different files together: the bytes before the
/// resume point are fetched again (REST) and compared with the local ones first.
/// </summary>
public sealed class ResumeWithoutHashTests
{
    [Fact]
    public async Task A_local_partial_that_is_a_prefix_is_resumed_after_its_overlap_matched()
    {
        var files = new ScriptedFiles();
        var content = TestData.Bytes(500_000, 31);
        files.Files["/f.bin"] = content;
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();
        using var local = new TempDirectory();
        var target = local.Combine("f.bin");
        File.WriteAllBytes(FtpClient.GetPartialPath(target), content[..200_000]);

        var (file, result) = await client.DownloadFileAsync("/f.bin", target, new FtpTransferOptions { Resume = true });
        Assert.Equal(content, File.ReadAllBytes(file.FullName));
        Assert.Equal(200_000, result.ResumedFrom);
        Assert.Equal(300_000, result.BytesTransferred);
        Assert.Null(result.StartedOverBecause);
        Assert.Contains("REST 134464", files.Seen); // 64 KiB before the resume point
    }

    [Fact]
    public async Task A_local_partial_that_is_not_a_prefix_is_fetched_again_and_says_why()
    {
        var files = new ScriptedFiles();
        var content = TestData.Bytes(500_000, 32);
        files.Files["/f.bin"] = content;
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();
        using var local = new TempDirectory();
        var target = local.WriteFile("f.bin", TestData.Bytes(200_000, 33)); // same name, other bytes

        var (file, result) = await client.DownloadFileAsync("/f.bin", target, new FtpTransferOptions { Resume = true });
        Assert.Equal(content, File.ReadAllBytes(file.FullName));
        Assert.Equal(0, result.ResumedFrom);
        Assert.Contains("differ", result.StartedOverBecause, StringComparison.Ordinal);
        Assert.Equal(["f.bin"], Directory.GetFileSystemEntries(local.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_server_that_cannot_restart_means_starting_over()
    {
        var files = new ScriptedFiles
        {
            Override = async (c, line, _, _) =>
            {
                if (!line.StartsWith("REST ", StringComparison.Ordinal))
                {
                    return false;
                }

                await c.SendAsync("502 REST not implemented\r\n");
                return true;
            },
        };
        var content = TestData.Bytes(300_000, 34);
        files.Files["/f.bin"] = content;
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();
        using var local = new TempDirectory();
        var target = local.Combine("f.bin");
        File.WriteAllBytes(FtpClient.GetPartialPath(target), content[..100_000]);

        var (file, result) = await client.DownloadFileAsync("/f.bin", target, new FtpTransferOptions { Resume = true });
        Assert.Equal(content, File.ReadAllBytes(file.FullName));
        Assert.Equal(0, result.ResumedFrom);
        Assert.Contains("REST", result.StartedOverBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_resumes_only_onto_a_remote_part_whose_tail_matches()
    {
        var files = new ScriptedFiles();
        var content = TestData.Bytes(400_000, 35);
        files.Files["/up.bin"] = content[..150_000];
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();
        using var local = new TempDirectory();
        var source = local.WriteFile("up.bin", content);

        var (_, result) = await client.UploadFileAsync(source, "/up.bin", new FtpTransferOptions { Resume = true });
        Assert.Equal(150_000, result.ResumedFrom);
        Assert.Equal(content, files.Files["/up.bin"]);

        // Someone else's file of the same name: not resumed onto.
        files.Files["/up.bin"] = TestData.Bytes(150_000, 36);
        await Assert.ThrowsAsync<FtpDestinationExistsException>(() =>
            client.UploadFileAsync(source, "/up.bin", new FtpTransferOptions { Resume = true }));
        Assert.Equal(TestData.Bytes(150_000, 36), files.Files["/up.bin"]);
    }
}
