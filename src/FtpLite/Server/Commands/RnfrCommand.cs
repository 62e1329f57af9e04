using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>RNFR: names an existing item to rename with the next command, RNTO.</summary>
internal sealed class RnfrCommand() : FtpCommandHandler("RNFR")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.Path, Writes = true, KeepsRenameFrom = true };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path;
        if (await connection.FileSystem.GetEntryAsync(path, cancellationToken).ConfigureAwait(false) is null)
        {
            await connection.ReplyAsync(FtpReplyCode.FileUnavailable, FtpReplyText.NoSuchFile).ConfigureAwait(false);
            return;
        }

        connection.Session.RenameFrom = path;
        await connection.ReplyAsync(FtpReplyCode.PendingFurtherInformation, "Ready for RNTO.").ConfigureAwait(false);
    }
}
