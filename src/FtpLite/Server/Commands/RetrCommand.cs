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
        var zeroCopy = connection.Session.Data.BinaryMode && connection.FileSystem is IFtpZeroCopyFileSystem disk ? disk.GetZeroCopySource(source) : null;
        if (!connection.Session.Data.BinaryMode)
        {
            source = AsciiLineEndStream.ToNetwork(source);
        }

        // The opened file's length where known, not the one looked up a moment before: the 150 line announces what
        // is then sent, and a file cut short after this is a failure (451), not a 226 over fewer bytes.
        var length = zeroCopy?.Length ?? file.Entry.Length;
        var opening = string.Create(CultureInfo.InvariantCulture,
            $"Opening {(connection.Session.Data.BinaryMode ? "BINARY" : "ASCII")} mode data connection for {file.Entry.Name} ({length} bytes).");
        await connection.Transfers.StartAsync(opening, source, (data, token) =>
            zeroCopy is not null && data.PlainSocket is { } socket
                ? SendFileAsync(socket, zeroCopy, offset, Math.Max(0, length - offset), data, file.Path, token)
                : CopyAsync(source, data.Stream, connection.Options.TransferBufferSize, connection.Session.Data.BinaryMode ? length - offset : null, file.Path, token),
            FtpServerEventKind.Download, file.Path).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies to the end of <paramref name="source"/>; in TYPE I, an end before the <paramref name="expected"/> bytes
    /// announced is a file cut short meanwhile (451), as on the sendfile path. (TYPE A's count differs by its CRs.)
    /// </summary>
    private static async Task<long> CopyAsync(Stream source, Stream target, int bufferSize, long? expected, string path, CancellationToken cancellationToken)
    {
        var copied = await TransferCopy.CopyAsync(source, target, bufferSize, null, cancellationToken).ConfigureAwait(false);
        if (copied < expected)
        {
            throw new FtpFileSystemException(FtpFileSystemError.ChangedDuringTransfer, path,
                new FileEndedEarlyException(copied, expected.Value));
        }

        return copied;
    }

    private static async Task<long> SendFileAsync(Socket socket, FileStream file, long offset, long count, TransferChannel data, string path,
        CancellationToken cancellationToken)
    {
        try
        {
            return await ZeroCopy.SendFileAsync(socket, file, offset, count, _ => data.KeepAlive(), cancellationToken).ConfigureAwait(false);
        }
        catch (FileEndedEarlyException ex)
        {
            throw new FtpFileSystemException(FtpFileSystemError.ChangedDuringTransfer, path, ex);
        }
    }
}
