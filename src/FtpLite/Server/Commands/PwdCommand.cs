using FtpLite.Protocol;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>PWD: the working directory, quoted as RFC 959 asks.</summary>
internal sealed class PwdCommand() : FtpCommandHandler("PWD", "XPWD")
{
    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken) =>
        connection.ReplyAsync(FtpReplyCode.PathCreated, FtpPath.Quote(connection.Session.WorkingDirectory) + " is the current directory");
}
