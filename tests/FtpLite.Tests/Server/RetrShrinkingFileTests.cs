using System.Net;
using System.Net.Sockets;
using FtpLite.Client;
using FtpLite.FileSystem;
using FtpLite.Protocol;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>
/// A file cut short by another process while RETR sends it with sendfile (TYPE I, plain connection): the client gets
/// the bytes up to the new end and a 451 that says the file changed, never a 226 over fewer bytes than the 150 line
/// announced, and the transfer never hangs. The test pauses the transfer by not reading the data connection (a 4 KiB
/// receive window): the server's kernel then takes at most its send buffer ahead of the reader (tcp_wmem's maximum,
/// 4 MiB by default), so a cut more than that past the restart offset falls where the server has not yet sent.
/// </summary>
public sealed class RetrShrinkingFileTests
{
    private const int Size = 16 * 1024 * 1024;

    [Theory]
    [InlineData(0, 9 * 1024 * 1024 + 12345)] // mid-file: later chunks must not be tried past the new end
    [InlineData(Size - 8 * 1024 * 1024, Size - 1000)] // inside the last chunk: its size must come from the new length
    public async Task A_file_cut_during_retr_gets_451_and_exactly_the_bytes_up_to_its_new_end(int restAt, int cutTo)
    {
        var (content, received, final) = await RetrWhileCuttingAsync(restAt, cutTo);

        Assert.Equal((cutTo - restAt, 451), (received.Length, final.Code));
        Assert.Contains("changed", final.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(content.AsSpan(restAt, cutTo - restAt).ToArray(), received);
    }

    /// <summary>
    /// The same without sendfile (a file system that cannot offer its file, as under FTPS, a throttled account or
    /// S3): the copy meets the new end early, and that must not pass for the end of the file either.
    /// </summary>
    [Fact]
    public async Task A_file_cut_during_a_copied_retr_gets_451_and_exactly_the_bytes_up_to_its_new_end()
    {
        const int cutTo = 9 * 1024 * 1024 + 12345;
        var (content, received, final) = await RetrWhileCuttingAsync(0, cutTo,
            fileSystem => new FtpServerOptions { Address = IPAddress.Loopback, Port = 0, FileSystem = new CopiedOnly(fileSystem) });

        Assert.Equal((cutTo, 451), (received.Length, final.Code));
        Assert.Contains("changed", final.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(content.AsSpan(0, cutTo).ToArray(), received);
    }

    /// <summary>
    /// End to end with FtpLite's own client: the download of a file cut during the transfer fails with the server's
    /// 451, and nothing is left in the destination folder: no file under the target's name, no hidden staged part.
    /// The file is cut when the client starts reading (its first progress report), 40 MiB into a 64 MiB file: more
    /// than both kernels' socket buffers can hold ahead of the reader, so the cut falls where the server has not sent.
    /// </summary>
    [Fact]
    public async Task A_client_download_of_a_file_cut_during_the_transfer_fails_with_451_and_leaves_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var path = fixture.Root.Combine("cut.bin");
        await File.WriteAllBytesAsync(path, TestData.Bytes(64 * 1024 * 1024, seed: 19));
        using var destination = new TempDirectory("ftplite-cut-download-");
        await using var client = await fixture.ConnectAsync();
        var cut = new CutOnFirstReport(path, 40 * 1024 * 1024);

        var failure = await Assert.ThrowsAsync<FtpCommandException>(() =>
            client.DownloadFileAsync("/cut.bin", destination.Combine("cut.bin"), progress: cut));

        Assert.True(cut.Cut);
        Assert.Equal(451, failure.ReplyCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(destination.Path));
    }

    /// <summary>Cuts the file to <paramref name="length"/> on the first report, on the client's transfer path.</summary>
    private sealed class CutOnFirstReport(string path, long length) : IProgress<FtpTransferProgress>
    {
        public bool Cut { get; private set; }

        public void Report(FtpTransferProgress value)
        {
            if (!Cut)
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                file.SetLength(length);
                Cut = true;
            }
        }
    }

    /// <remarks>
    /// Only the 451 can be asserted past what was read before the cut: sendfile queues references to the file's cached
    /// pages, not copies, so bytes already queued when the file is cut may arrive as zeros (measured on Linux). The 451
    /// is what tells the client to throw the partial file away; vsftpd's sendfile path has the same property.
    /// </remarks>
    [Fact]
    public async Task A_file_cut_below_what_was_already_sent_gets_451_not_226()
    {
        var (content, received, final) = await RetrWhileCuttingAsync(0, 4096);

        Assert.Equal(451, final.Code);
        Assert.InRange(received.Length, 16 * 1024, Size - 1);
        Assert.Equal(content.AsSpan(0, 16 * 1024).ToArray(), received.AsSpan(0, 16 * 1024).ToArray());
    }

    [Fact]
    public async Task A_file_that_keeps_its_length_gets_226_with_every_byte_from_the_restart_offset()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var content = TestData.Bytes(5 * 1024 * 1024 + 7, seed: 3);
        await File.WriteAllBytesAsync(fixture.Root.Combine("f.bin"), content);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        Assert.Equal(350, (await raw.SendAsync("REST 1000")).Code);
        var (bytes, final, first) = await raw.ReceiveAsync("RETR f.bin");
        Assert.Equal(150, first.Code);
        Assert.Equal(226, final.Code);
        Assert.Equal(content.AsSpan(1000).ToArray(), bytes);
    }

    /// <summary>Starts RETR (from <paramref name="restAt"/>), reads its first 16 KiB, cuts the file, reads the rest.</summary>
    private static async Task<(byte[] Content, byte[] Received, FtpReply Final)> RetrWhileCuttingAsync(int restAt, int cutTo,
        Func<IFtpFileSystem, FtpServerOptions>? configure = null)
    {
        await using var fixture = await ServerFixture.StartAsync(configure);
        var path = fixture.Root.Combine("big.bin");
        var content = TestData.Bytes(Size, seed: 18);
        await File.WriteAllBytesAsync(path, content);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var epsv = await raw.SendAsync("EPSV");
        Assert.Equal(229, epsv.Code);
        using var data = new TcpClient { ReceiveBufferSize = 4096 };
        await data.ConnectAsync("127.0.0.1", PassiveReply.ParseEpsv(epsv.Message));
        if (restAt > 0)
        {
            Assert.Equal(350, (await raw.SendAsync($"REST {restAt}")).Code);
        }

        var opening = await raw.SendAsync("RETR big.bin");
        Assert.Equal(150, opening.Code);
        Assert.Contains($"({Size} bytes)", opening.Message, StringComparison.Ordinal);

        // The first bytes show the send has begun; not reading further holds the server inside the file.
        var received = new MemoryStream();
        var stream = data.GetStream();
        var first = new byte[16 * 1024];
        await stream.ReadExactlyAsync(first);
        received.Write(first);
        using (var cut = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            cut.SetLength(cutTo);
        }

        await stream.CopyToAsync(received);
        var final = await raw.ReadAsync();
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
        return (content, received.ToArray(), final);
    }

    /// <summary>The disk, without offering its files to sendfile: RETR copies through a buffer.</summary>
    private sealed class CopiedOnly(IFtpFileSystem inner) : PassThroughFileSystem(inner);
}
