using System.Globalization;
using System.Net.Sockets;
using FtpLite.FileSystem;
using FtpLite.IO;
using FtpLite.Server.Data;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>
/// RETR: sends a file, from the REST offset when one was set (an offset into the stored file). TYPE I sends the
/// bytes as stored, with sendfile where the connection is plain; TYPE A sends each LF as CRLF.
/// </summary>
internal sealed class RetrCommand() : FtpCommandHandler("RETR")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.ExistingFile, TakesRestartOffset = true };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var offset = request.RestartOffset;
        var file = (request.Path, Entry: request.Entry!);
        if (offset > file.Entry.Length)
        {
            await connection.ReplyAsync(FtpReplyCode.RestartInvalid, "Restart offset is beyond the end of the file.").ConfigureAwait(false);
            return;
        }

        var source = await connection.FileSystem.OpenReadAsync(file.Path, offset, cancellationToken).ConfigureAwait(false);

        // TYPE I sends the stored bytes, so the kernel may send them from the file when the file system has one.
        var binary = connection.Session.Data.BinaryMode;
        var zeroCopy = binary && connection.FileSystem is IFtpZeroCopyFileSystem disk ? disk.GetZeroCopySource(source) : null;
        if (!binary)
        {
            source = AsciiLineEndStream.ToNetwork(source);
        }

        // The opened file's length where known, not the one looked up a moment before: the 150 line announces what
        // is then sent, and a file cut short after this is a failure (451), not a 226 over fewer bytes.
        var length = zeroCopy?.Length ?? file.Entry.Length;
        var opening = string.Create(CultureInfo.InvariantCulture,
            $"Opening {(binary ? "BINARY" : "ASCII")} mode data connection for {file.Entry.Name} ({length} bytes).");
        var expected = Math.Max(0, length - offset);
        var bufferSize = connection.Options.TransferBufferSize;
        await connection.Transfers.StartAsync(opening, source, (data, token) => SendAsync(data, source, zeroCopy, offset, expected, binary, bufferSize, file.Path, token),
            FtpServerEventKind.Download, file.Path).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the file with sendfile where it can, else through a buffer. Either way a file that ends before the
    /// <paramref name="expected"/> bytes announced was cut short meanwhile: 451, never a 226 over fewer bytes.
    /// </summary>
    private static async Task<long> SendAsync(TransferChannel data, Stream source, FileStream? zeroCopy, long offset, long expected, bool binary,
        int bufferSize, string path, CancellationToken cancellationToken)
    {
        try
        {
            return zeroCopy is not null && data.PlainSocket is { } socket
                ? await ZeroCopy.SendFileAsync(socket, zeroCopy, offset, expected, _ => data.KeepAlive(), cancellationToken).ConfigureAwait(false)
                : await CopyToEndAsync(source, data.Stream, bufferSize, binary ? expected : null, cancellationToken).ConfigureAwait(false);
        }
        catch (FileEndedEarlyException ex)
        {
            throw new FtpFileSystemException(FtpFileSystemError.ChangedDuringTransfer, path, ex);
        }
    }

    /// <summary>Copies to the end of <paramref name="source"/>, which in TYPE I must not come before <paramref name="expected"/> bytes (TYPE A's count differs by its CRs).</summary>
    private static async Task<long> CopyToEndAsync(Stream source, Stream target, int bufferSize, long? expected, CancellationToken cancellationToken)
    {
        var copied = await TransferCopy.CopyAsync(source, target, bufferSize, null, cancellationToken).ConfigureAwait(false);
        return copied < expected ? throw new FileEndedEarlyException(copied, expected.Value) : copied;
    }
}
