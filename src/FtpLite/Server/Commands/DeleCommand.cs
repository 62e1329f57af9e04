using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>DELE: deletes a file.</summary>
internal sealed class DeleCommand() : FtpCommandHandler("DELE")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.Path, Writes = true };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path;
        await connection.FileSystem.DeleteFileAsync(path, cancellationToken).ConfigureAwait(false);
        connection.LogChange(FtpServerChange.Deleted, $"Deleted {path}.", path);
        await connection.ReplyAsync(FtpReplyCode.FileActionOk, "Delete operation successful.").ConfigureAwait(false);
    }
}
