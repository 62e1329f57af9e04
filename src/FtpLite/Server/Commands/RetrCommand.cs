using System.Globalization;
using FtpLite.IO;
using FtpLite.Server.Data;

namespace FtpLite.Server.Commands;

/// <summary>
/// RETR: sends a file, from the REST offset when one was set (an offset into the stored file). TYPE I sends the
/// bytes as stored, with sendfile where the connection is plain; TYPE A sends each LF as CRLF.
/// </summary>
internal sealed class RetrCommand() : FtpCommandHandler("RETR")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        var offset = connection.RestartOffset;
        connection.RestartOffset = 0;
        if (await PathArgument.ResolveFileAsync(connection, argument, cancellationToken).ConfigureAwait(false) is not { } file)
        {
            return;
        }

        if (offset > file.Entry.Length)
        {
            await connection.ReplyAsync(554, "Restart offset is beyond the end of the file.").ConfigureAwait(false);
            return;
        }

        var source = await connection.FileSystem.OpenReadAsync(file.Path, offset, cancellationToken).ConfigureAwait(false);
        if (!connection.BinaryMode)
        {
            source = AsciiLineEndStream.ToNetwork(source);
        }

        var opening = string.Create(CultureInfo.InvariantCulture,
            $"Opening {(connection.BinaryMode ? "BINARY" : "ASCII")} mode data connection for {file.Entry.Name} ({file.Entry.Length} bytes).");
        await connection.StartTransferAsync(opening, source, (data, token) =>
            source is FileStream disk && data.PlainSocket is { } socket
                ? ZeroCopy.SendFileAsync(socket, disk, offset, Math.Max(0, disk.Length - offset), _ => data.KeepAlive(), token)
                : TransferCopy.CopyAsync(source, data.Stream, connection.Options.TransferBufferSize, null, token),
            FtpServerEventKind.Download, file.Path).ConfigureAwait(false);
    }
}
