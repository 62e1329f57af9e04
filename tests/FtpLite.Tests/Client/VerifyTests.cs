using System.Security.Cryptography;
using FtpLite.Client;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// Verify's failure path: when the server's file differs from what was moved, the transfer fails with
/// FtpVerificationException naming both hashes, and no bad file stays under the real name on either side.
/// The server's file changes between the transfer and the check: the server's log hook runs after the last
/// byte and before the 226 reply, so before the client can ask for the hash.
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
            $"Verification of '/data.bin' failed: the SHA-256 hash of the downloaded file is {Hex(Content)}, expected {Hex(Changed)}.",
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

    /// <summary>An FtpLite server that replaces /data.bin with other bytes once a transfer of the given kind ends.</summary>
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
                FileSystem = fs,
                Log = e =>
                {
                    if (e.Kind == after && e.Path == "/data.bin")
                    {
                        File.WriteAllBytes(server.Fixture.Root.Combine("data.bin"), Changed);
                    }
                },
            });
            return server;
        }

        public ValueTask DisposeAsync() => _fixture?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
