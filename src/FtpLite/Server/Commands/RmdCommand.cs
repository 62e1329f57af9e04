namespace FtpLite.Server.Commands;

/// <summary>RMD: deletes an empty directory.</summary>
internal sealed class RmdCommand() : FtpCommandHandler("RMD", "XRMD")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        if (await PathArgument.ResolveAsync(connection, argument, write: true).ConfigureAwait(false) is not { } path)
        {
            return;
        }

        await connection.FileSystem.DeleteDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        connection.LogChange(FtpServerChange.FolderRemoved, $"Removed {path}.", path);
        await connection.ReplyAsync(250, "Remove directory operation successful.").ConfigureAwait(false);
    }
}
