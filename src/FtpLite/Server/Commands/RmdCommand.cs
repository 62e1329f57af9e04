using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>RMD: deletes an empty directory.</summary>
internal sealed class RmdCommand() : FtpCommandHandler("RMD", "XRMD")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.Path, Writes = true };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path;
        await connection.FileSystem.DeleteDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        connection.LogChange(FtpServerChange.FolderRemoved, $"Removed {path}.", path);
        await connection.ReplyAsync(FtpReplyCode.FileActionOk, "Remove directory operation successful.").ConfigureAwait(false);
    }
}
