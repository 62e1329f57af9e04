using FtpLite.Protocol;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>MKD: creates a directory and replies with its quoted path.</summary>
internal sealed class MkdCommand() : FtpCommandHandler("MKD", "XMKD")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.Path, Writes = true };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path;
        await connection.FileSystem.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        connection.LogChange(FtpServerChange.FolderCreated, $"Created {path}.", path);
        await connection.ReplyAsync(FtpReplyCode.PathCreated, FtpPath.Quote(path) + " created").ConfigureAwait(false);
    }
}
