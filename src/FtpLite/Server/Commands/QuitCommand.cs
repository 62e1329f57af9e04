using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>QUIT: says goodbye and closes the control connection.</summary>
internal sealed class QuitCommand() : FtpCommandHandler("QUIT")
{
    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        connection.Close();
        return connection.ReplyAsync(FtpReplyCode.Goodbye, "Goodbye.");
    }
}
