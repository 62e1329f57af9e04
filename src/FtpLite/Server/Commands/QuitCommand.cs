namespace FtpLite.Server.Commands;

/// <summary>QUIT: says goodbye and closes the control connection.</summary>
internal sealed class QuitCommand() : FtpCommandHandler("QUIT")
{
    public override bool RequiresLogin => false;

    public override Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        connection.Close();
        return connection.ReplyAsync(221, "Goodbye.");
    }
}
