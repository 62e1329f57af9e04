using FtpLite.Server.Data;

namespace FtpLite.Server.Commands;

/// <summary>
/// What STOR and APPE share. The upload goes to a staged file (or, for an append, after the file's end) that is
/// committed only when the data connection ended normally and the client is still there. In TYPE A each CRLF
/// received is stored as LF.
/// </summary>
internal static class UploadCommand
{
    public static async Task HandleAsync(FtpConnection connection, string argument, bool append, CancellationToken cancellationToken)
    {
        var offset = connection.RestartOffset;
        connection.RestartOffset = 0;
        var path = await PathArgument.ResolveAsync(connection, argument, write: true).ConfigureAwait(false);
        if (path is null)
        {
            return;
        }

        await connection.StartTransferAsync("Ok to send data.", null, async (data, token) =>
        {
            // Only now, with the data connection open, may the file system do any work: a client that never opens
            // one cannot make the server copy a large file for nothing.
            var upload = await connection.FileSystem.BeginUploadAsync(path, offset, append, token).ConfigureAwait(false);
            await using (upload.ConfigureAwait(false))
            {
                var source = connection.BinaryMode ? data.Stream : AsciiLineEndStream.FromNetwork(data.Stream);
                var received = await IO.TransferCopy.CopyAsync(source, upload.Stream, connection.Options.TransferBufferSize, null, token).ConfigureAwait(false);
                // One look, no wait: a killed client's control FIN can trail its data FIN by milliseconds under load,
                // and no wait short enough to spare every upload closes that gap (SECURITY.md, "Nothing lost").
                if (connection.IsControlClosed())
                {
                    throw new OperationCanceledException("The client closed the control connection before the upload ended.");
                }

                await upload.CommitAsync(token).ConfigureAwait(false);
                return received;
            }
        }, FtpServerEventKind.Upload, path).ConfigureAwait(false);
    }
}
