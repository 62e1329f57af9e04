namespace FtpLite.Server.Commands;

/// <summary>RNTO: completes the rename begun by RNFR.</summary>
internal sealed class RntoCommand() : FtpCommandHandler("RNTO")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        var from = connection.RenameFrom;
        connection.RenameFrom = null;
        if (from is null)
        {
            await connection.ReplyAsync(503, "RNFR required first.").ConfigureAwait(false);
            return;
        }

        if (await PathArgument.ResolveAsync(connection, argument, write: true).ConfigureAwait(false) is not { } path)
        {
            return;
        }

        await connection.FileSystem.RenameAsync(from, path, cancellationToken).ConfigureAwait(false);
        connection.LogChange(FtpServerChange.Renamed, $"Renamed {from} to {path}.", path, from);
        await connection.ReplyAsync(250, "Rename successful.").ConfigureAwait(false);
    }
}
