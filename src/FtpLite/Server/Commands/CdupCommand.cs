using FtpLite.Protocol;

namespace FtpLite.Server.Commands;

/// <summary>CDUP: to the parent directory; the root is its own parent.</summary>
internal sealed class CdupCommand() : FtpCommandHandler("CDUP", "XCUP")
{
    public override Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        connection.WorkingDirectory = FtpPath.GetParent(connection.WorkingDirectory);
        return connection.ReplyAsync(250, "Directory successfully changed.");
    }
}
