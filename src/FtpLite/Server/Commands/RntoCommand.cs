using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>RNTO: completes the rename begun by RNFR.</summary>
internal sealed class RntoCommand() : FtpCommandHandler("RNTO")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.Path, Writes = true, TakesRenameFrom = true };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var from = request.RenameFrom!;
        var path = request.Path;
        await connection.FileSystem.RenameAsync(from, path, cancellationToken).ConfigureAwait(false);
        connection.LogChange(FtpServerChange.Renamed, $"Renamed {from} to {path}.", path, from);
        await connection.ReplyAsync(FtpReplyCode.FileActionOk, "Rename successful.").ConfigureAwait(false);
    }
}
