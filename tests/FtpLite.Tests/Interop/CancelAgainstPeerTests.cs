using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// Ctrl+C in the middle of a transfer against real servers, which keep a cut upload's bytes under the real
/// name: the client leaves no partial file, the call returns, and the session goes on working.
/// </summary>
public sealed class CancelAgainstPeerTests
{
    private const long Large = 1L << 30; // sparse: no disk, and far more than a few progress reports' worth

    public static TheoryData<PeerKind> Peers => new() { PeerKind.Vsftpd, PeerKind.Pyftpdlib };

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task A_cancelled_upload_leaves_no_file_and_the_session_goes_on(PeerKind kind)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        using var local = new TempDirectory("ftplite-cancel-");
        var source = SparseFile(local.Combine("big.bin"));
        await using var client = await peer.ConnectAsync(TimeSpan.FromSeconds(60));

        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.UploadFileAsync(source, "/big.bin", null, new CancelWhenUnderWay(stop), stop.Token));

        Assert.False(File.Exists(peer.Root.Combine("big.bin")), $"{kind} kept the cut upload");
        var small = local.WriteFile("small.bin", TestData.Bytes(1000, 7));
        await client.UploadFileAsync(small, "/small.bin");
        Assert.Equal(TestData.Bytes(1000, 7), File.ReadAllBytes(peer.Root.Combine("small.bin")));
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task A_cancelled_download_returns_and_the_session_goes_on(PeerKind kind)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        SparseFile(peer.Root.Combine("big.bin"));
        peer.Root.WriteFile("small.bin", TestData.Bytes(1000, 8));
        using var local = new TempDirectory("ftplite-cancel-");
        await using var client = await peer.ConnectAsync(TimeSpan.FromSeconds(60));

        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.DownloadFileAsync("/big.bin", local.Combine("big.bin"), null, new CancelWhenUnderWay(stop), stop.Token));

        Assert.Empty(Directory.GetFileSystemEntries(local.Path));
        Assert.Equal(1000, await client.GetSizeAsync("/small.bin"));
        var (copy, _) = await client.DownloadFileAsync("/small.bin", local.Combine("small.bin"));
        Assert.Equal(TestData.Bytes(1000, 8), File.ReadAllBytes(copy.FullName));
    }

    private static string SparseFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = File.Create(path))
        {
            file.SetLength(Large);
        }

        return path;
    }

    /// <summary>Cancels, on the transfer's own thread, once some bytes have moved.</summary>
    private sealed class CancelWhenUnderWay(CancellationTokenSource stop) : IProgress<FtpTransferProgress>
    {
        public void Report(FtpTransferProgress value)
        {
            if (value.BytesTransferred > 0)
            {
                stop.Cancel();
            }
        }
    }
}
