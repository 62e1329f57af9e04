namespace FtpLite.Server.Commands;

/// <summary>DELE: deletes a file.</summary>
internal sealed class DeleCommand() : FtpCommandHandler("DELE")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        if (await PathArgument.ResolveAsync(connection, argument, write: true).ConfigureAwait(false) is not { } path)
        {
            return;
        }

        await connection.FileSystem.DeleteFileAsync(path, cancellationToken).ConfigureAwait(false);
        connection.LogChange(FtpServerChange.Deleted, $"Deleted {path}.", path);
        await connection.ReplyAsync(250, "Delete operation successful.").ConfigureAwait(false);
    }
}
