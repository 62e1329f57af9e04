namespace FtpLite.Server.Commands;

/// <summary>RNFR: names an existing item to rename with the next command, RNTO.</summary>
internal sealed class RnfrCommand() : FtpCommandHandler("RNFR")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        if (await PathArgument.ResolveAsync(connection, argument, write: true).ConfigureAwait(false) is not { } path)
        {
            return;
        }

        if (await connection.FileSystem.GetEntryAsync(path, cancellationToken).ConfigureAwait(false) is null)
        {
            await connection.ReplyAsync(550, "No such file or directory.").ConfigureAwait(false);
            return;
        }

        connection.RenameFrom = path;
        await connection.ReplyAsync(350, "Ready for RNTO.").ConfigureAwait(false);
    }
}
