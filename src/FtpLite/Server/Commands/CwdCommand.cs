using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>CWD: changes the working directory to an existing directory.</summary>
internal sealed class CwdCommand() : FtpCommandHandler("CWD", "XCWD")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var path = connection.ResolvePath(request.Argument.Length == 0 ? "/" : request.Argument);
        var entry = path is null ? null : await connection.FileSystem.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        if (path is null || entry is not { IsDirectory: true })
        {
            await connection.ReplyAsync(FtpReplyCode.FileUnavailable, "Failed to change directory.").ConfigureAwait(false);
            return;
        }

        connection.Session.WorkingDirectory = path;
        await connection.ReplyAsync(FtpReplyCode.FileActionOk, FtpReplyText.DirectoryChanged).ConfigureAwait(false);
    }
}
