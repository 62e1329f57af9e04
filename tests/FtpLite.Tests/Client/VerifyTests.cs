using System.Security.Cryptography;
using FtpLite.Client;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// Verify's failure path: when the server's file differs from what was moved, the transfer fails with
/// FtpVerificationException naming both hashes, and no bad file stays under the real name on either side.
/// A download asks for the hash first, so the server's file changes between that answer and the transfer (when
/// it is opened for the second time). An upload asks after the transfer, so the file changes in the server's log
/// hook, which runs after the last byte and before the 226 reply.
/// </summary>
public sealed class VerifyTests
{
    private static readonly byte[] Content = TestData.Bytes(300_000, 31);
    private static readonly byte[] Changed = TestData.Bytes(300_000, 32);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_download_whose_remote_file_changed_keeps_nothing_and_says_what_differed(bool resume)
    {
        await using var changing = await ChangingServer.StartAsync(FtpServerEventKind.Download);
        changing.Fixture.Root.WriteFile("data.bin", Content);
        using var local = new TempDirectory();
        await using var client = await changing.Fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<FtpVerificationException>(() =>
            client.DownloadFileAsync("data.bin", local.Combine("data.bin"), new FtpTransferOptions { Verify = true, Resume = resume }));

        Assert.Equal("/data.bin", error.Path);
        Assert.Equal(
            $"Verification of '/data.bin' failed: the SHA-256 hash of the downloaded file is {Hex(Changed)}, expected {Hex(Content)}.",
            error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(local.Path));
    }

    [Fact]
    public async Task A_download_that_fails_verification_leaves_the_old_local_file_as_it_was()
    {
        await using var changing = await ChangingServer.StartAsync(FtpServerEventKind.Download);
        changing.Fixture.Root.WriteFile("data.bin", Content);
        using var local = new TempDirectory();
        var old = TestData.Bytes(1000, 33);
        var target = local.WriteFile("data.bin", old);
        await using var client = await changing.Fixture.ConnectAsync();

        await Assert.ThrowsAsync<FtpVerificationException>(() =>
            client.DownloadFileAsync("data.bin", target, new FtpTransferOptions { Verify = true, Overwrite = true }));

        Assert.Equal(old, File.ReadAllBytes(target));
        Assert.Equal(["data.bin"], Directory.GetFileSystemEntries(local.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_upload_whose_remote_file_changed_is_not_left_under_the_real_name()
    {
        await using var changing = await ChangingServer.StartAsync(FtpServerEventKind.Upload);
        using var local = new TempDirectory();
        var source = local.WriteFile("up.bin", Content);
        await using var client = await changing.Fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<FtpVerificationException>(() =>
            client.UploadFileAsync(source, "data.bin", new FtpTransferOptions { Verify = true }));

        Assert.Equal(
            $"Verification of '/data.bin' failed: the SHA-256 hash of the remote file is {Hex(Changed)}, expected {Hex(Content)}.",
            error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(changing.Fixture.Root.Path));
        Assert.Equal(Content, File.ReadAllBytes(source));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>
    /// An FtpLite server that replaces /data.bin with other bytes once an upload ends, or, for downloads, when
    /// the file is opened for the second time (the first is the HASH the client asks for before the transfer).
    /// </summary>
    private sealed class ChangingServer : IAsyncDisposable
    {
        private ServerFixture? _fixture;

        public ServerFixture Fixture => _fixture!;

        public static async Task<ChangingServer> StartAsync(FtpServerEventKind after)
        {
            var server = new ChangingServer();
            server._fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
            {
                Port = 0,
                FileSystem = after == FtpServerEventKind.Download ? new ChangingOnSecondRead(fs, () => server.Change()) : fs,
                Log = e =>
                {
                    if (after == FtpServerEventKind.Upload && e.Kind == after && e.Path == "/data.bin")
                    {
                        server.Change();
                    }
                },
            });
            return server;
        }

        private void Change() => File.WriteAllBytes(Fixture.Root.Combine("data.bin"), Changed);

        public ValueTask DisposeAsync() => _fixture?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private sealed class ChangingOnSecondRead(FileSystem.IFtpFileSystem inner, Action change) : PassThroughFileSystem(inner)
    {
        private int _reads;

        public override ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken)
        {
            if (path == "/data.bin" && Interlocked.Increment(ref _reads) == 2)
            {
                change();
            }

            return base.OpenReadAsync(path, offset, cancellationToken);
        }
    }
}
