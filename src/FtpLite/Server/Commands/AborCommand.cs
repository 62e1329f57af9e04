namespace FtpLite.Server.Commands;

/// <summary>ABOR with no transfer running (a running one is aborted by the connection itself).</summary>
internal sealed class AborCommand() : FtpCommandHandler("ABOR")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        await connection.AbortTransferAsync().ConfigureAwait(false);
        await connection.ReplyAsync(225, "No transfer to ABOR.").ConfigureAwait(false);
    }
}
