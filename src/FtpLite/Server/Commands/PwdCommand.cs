using FtpLite.Protocol;

namespace FtpLite.Server.Commands;

/// <summary>PWD: the working directory, quoted as RFC 959 asks.</summary>
internal sealed class PwdCommand() : FtpCommandHandler("PWD", "XPWD")
{
    public override Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken) =>
        connection.ReplyAsync(257, FtpPath.Quote(connection.WorkingDirectory) + " is the current directory");
}
