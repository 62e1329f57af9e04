using System.Collections.Concurrent;
using FtpLite.Client;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

public sealed class ResumeTests
{
    [Fact]
    public async Task A_stopped_resumable_download_keeps_its_partial_and_the_next_one_fetches_only_the_rest()
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = stalling = new StallingFileSystem(fs) });
        var content = TestData.Bytes(2 * 1024 * 1024, 21);
        fixture.Root.WriteFile("big.bin", content);
        using var local = new TempDirectory();
        var target = local.Combine("big.bin");
        await using var client = await fixture.ConnectAsync();

        using (var stop = new CancellationTokenSource())
        {
            var download = client.DownloadFileAsync("big.bin", target, new FtpTransferOptions { Resume = true }, null, stop.Token);
            await stalling!.Stalled.WaitAsync(TimeSpan.FromSeconds(20));
            var partialPath = FtpClient.GetPartialPath(target);
            await Eventually.TrueAsync(() => File.Exists(partialPath) && new FileInfo(partialPath).Length > 0, "the first bytes are on disk");
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download);
        }

        stalling.Release();
        Assert.False(File.Exists(target));
        var partial = FtpClient.GetPartialPath(target);
        Assert.True(File.Exists(partial));
        var kept = new FileInfo(partial).Length;
        Assert.InRange(kept, 1, content.Length - 1);

        var sentBefore = fixture.Server.BytesSent;
        var (file, result) = await client.DownloadFileAsync("big.bin", target, new FtpTransferOptions { Resume = true });
        Assert.Equal(content, File.ReadAllBytes(file.FullName));
        Assert.Equal(kept, result.ResumedFrom);
        Assert.Equal(content.Length - kept, result.BytesTransferred);
        Assert.Equal(FtpVerificationMethod.Hash, result.Verification);
        Assert.Equal(content.Length - kept, fixture.Server.BytesSent - sentBefore);
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public async Task A_partial_that_is_not_a_prefix_is_thrown_away()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var content = TestData.Bytes(300_000, 22);
        fixture.Root.WriteFile("f.bin", content);
        using var local = new TempDirectory();
        var target = local.Combine("f.bin");
        File.WriteAllBytes(FtpClient.GetPartialPath(target), TestData.Bytes(100_000, 99));
        await using var client = await fixture.ConnectAsync();

        var (file, result) = await client.DownloadFileAsync("f.bin", target, new FtpTransferOptions { Resume = true });
        Assert.Equal(content, File.ReadAllBytes(file.FullName));
        Assert.Equal(0, result.ResumedFrom);
    }

    [Fact]
    public async Task Resumed_upload_sends_only_the_rest_and_is_verified()
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = fs, Log = events.Enqueue });
        var content = TestData.Bytes(400_000, 23);
        fixture.Root.WriteFile("up.bin", content[..150_000]);
        using var local = new TempDirectory();
        await using var client = await fixture.ConnectAsync();

        var (_, result) = await client.UploadFileAsync(local.WriteFile("up.bin", content), "up.bin", new FtpTransferOptions { Resume = true });
        Assert.Equal(150_000, result.ResumedFrom);
        Assert.Equal(250_000, result.BytesTransferred);
        Assert.Equal(FtpVerificationMethod.Hash, result.Verification);
        Assert.Equal(content, File.ReadAllBytes(fixture.Root.Combine("up.bin")));

        // The server's own account: one upload to /up.bin, of the missing 250,000 bytes only.
        var upload = Assert.Single(events, e => e.Kind == FtpServerEventKind.Upload);
        Assert.Equal("/up.bin", upload.Path);
        Assert.Equal(250_000, upload.Bytes);
    }

    [Fact]
    public async Task Verify_catches_a_server_that_changed_the_file()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var local = new TempDirectory();
        await using var client = await fixture.ConnectAsync();
        var source = local.WriteFile("v.bin", TestData.Bytes(50_000, 24));
        await client.UploadFileAsync(source, "v.bin");

        // Someone changes the remote file behind our back; a resume would append to a file that is not ours.
        File.WriteAllBytes(fixture.Root.Combine("v.bin"), TestData.Bytes(20_000, 25));
        await Assert.ThrowsAsync<FtpDestinationExistsException>(() => client.UploadFileAsync(source, "v.bin", new FtpTransferOptions { Resume = true }));
        Assert.Equal(TestData.Bytes(20_000, 25), File.ReadAllBytes(fixture.Root.Combine("v.bin")));
    }
}
