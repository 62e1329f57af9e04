using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>ABOR: a running transfer (or HASH) replies 426 and ABOR 226; with none running, 225.</summary>
internal sealed class AborCommand() : FtpCommandHandler("ABOR")
{
    public override CommandRules Rules { get; } = new() { DuringTransfer = true };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (await connection.Transfers.AbortAsync().ConfigureAwait(false))
        {
            await connection.ReplyAsync(FtpReplyCode.TransferComplete, "ABOR successful.").ConfigureAwait(false);
            return;
        }

        await connection.ReplyAsync(FtpReplyCode.AbortNoTransfer, "No transfer to ABOR.").ConfigureAwait(false);
    }
}
