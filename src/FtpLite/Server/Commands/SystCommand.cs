namespace FtpLite.Server.Commands;

/// <summary>SYST: FtpLite lists in Unix style, so it says so.</summary>
internal sealed class SystCommand() : FtpCommandHandler("SYST")
{
    public override bool RequiresLogin => false;

    public override Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken) =>
        connection.ReplyAsync(215, "UNIX Type: L8");
}
