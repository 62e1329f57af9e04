using System.Globalization;
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

        var opening = string.Create(CultureInfo.InvariantCulture,
            $"Opening {(connection.Session.Data.BinaryMode ? "BINARY" : "ASCII")} mode data connection for {file.Entry.Name} ({file.Entry.Length} bytes).");
        await connection.Transfers.StartAsync(opening, source, (data, token) =>
            zeroCopy is not null && data.PlainSocket is { } socket
                ? ZeroCopy.SendFileAsync(socket, zeroCopy, offset, Math.Max(0, zeroCopy.Length - offset), _ => data.KeepAlive(), token)
                : TransferCopy.CopyAsync(source, data.Stream, connection.Options.TransferBufferSize, null, token),
            FtpServerEventKind.Download, file.Path).ConfigureAwait(false);
    }
}
