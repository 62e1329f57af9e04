using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>SYST: FtpLite lists in Unix style, so it says so.</summary>
internal sealed class SystCommand() : FtpCommandHandler("SYST")
{
    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken) =>
        connection.ReplyAsync(FtpReplyCode.SystemType, "UNIX Type: L8");
}
