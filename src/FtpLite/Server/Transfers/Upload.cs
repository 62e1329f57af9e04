using FtpLite.Server.CommandTable;
using FtpLite.Server.Data;

namespace FtpLite.Server.Transfers;

/// <summary>
/// What STOR and APPE share. The upload goes to a staged file (or, for an append, after the file's end) that is
/// committed only when the data connection ended normally and the client is still there, and taken back when the
/// client turns out not to have read the 226 (<see cref="Transfers.TransferLifecycle.AwaitReceipt"/>). In TYPE A each CRLF
/// received is stored as LF.
/// </summary>
internal static class Upload
{
    public static async Task HandleAsync(FtpConnection connection, FtpRequest request, bool append, CancellationToken cancellationToken)
    {
        var offset = request.RestartOffset;
        var path = request.Path;
        await connection.Transfers.StartAsync("Ok to send data.", null, async (data, token) =>
        {
            // Only now, with the data connection open, may the file system do any work: a client that never opens
            // one cannot make the server copy a large file for nothing.
            var upload = await connection.FileSystem.BeginUploadAsync(path, offset, append, token).ConfigureAwait(false);
            var handedOver = false;
            try
            {
                var source = connection.Session.Data.BinaryMode ? data.Stream : AsciiLineEndStream.FromNetwork(data.Stream);
                var received = await IO.TransferCopy.CopyAsync(source, upload.Stream, connection.Options.TransferBufferSize, null, token).ConfigureAwait(false);

                // A killed client's data connection ends as a finished one does. A control connection already closed
                // is one sign, looked for once here; the commit below stays reversible until the client shows it
                // took the 226, as a killed client's control connection may close milliseconds later (SECURITY.md,
                // "Nothing lost").
                if (connection.IsControlClosed())
                {
                    throw new OperationCanceledException("The client closed the control connection before the upload ended.");
                }

                await upload.CommitAsync(token).ConfigureAwait(false);
                connection.Transfers.AwaitReceipt(upload);
                handedOver = true;
                return received;
            }
            finally
            {
                if (!handedOver)
                {
                    await upload.DisposeAsync().ConfigureAwait(false);
                }
            }
        }, FtpServerEventKind.Upload, path).ConfigureAwait(false);
    }
}
