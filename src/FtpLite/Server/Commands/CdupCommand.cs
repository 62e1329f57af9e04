using FtpLite.Protocol;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>CDUP: to the parent directory; the root is its own parent.</summary>
internal sealed class CdupCommand() : FtpCommandHandler("CDUP", "XCUP")
{
    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        connection.Session.WorkingDirectory = FtpPath.GetParent(connection.Session.WorkingDirectory);
        return connection.ReplyAsync(FtpReplyCode.FileActionOk, FtpReplyText.DirectoryChanged);
    }
}
