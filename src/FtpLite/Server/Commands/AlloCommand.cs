using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>ALLO: nothing needs reserving ahead.</summary>
internal sealed class AlloCommand() : FtpCommandHandler("ALLO")
{
    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken) =>
        connection.ReplyAsync(FtpReplyCode.NotImplementedSuperfluous, "ALLO command ignored.");
}
