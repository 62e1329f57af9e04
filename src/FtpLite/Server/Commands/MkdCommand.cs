using FtpLite.Protocol;

namespace FtpLite.Server.Commands;

/// <summary>MKD: creates a directory and replies with its quoted path.</summary>
internal sealed class MkdCommand() : FtpCommandHandler("MKD", "XMKD")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        if (await PathArgument.ResolveAsync(connection, argument, write: true).ConfigureAwait(false) is not { } path)
        {
            return;
        }

        await connection.FileSystem.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        connection.LogChange(FtpServerChange.FolderCreated, $"Created {path}.", path);
        await connection.ReplyAsync(257, FtpPath.Quote(path) + " created").ConfigureAwait(false);
    }
}
