using System.Net;
using FtpLite.Protocol;

namespace FtpLite.Server.Commands;

/// <summary>PORT: active mode, to the client's own address only (see <see cref="ActiveModeGuard"/>).</summary>
internal sealed class PortCommand() : FtpCommandHandler("PORT")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        IPEndPoint target;
        try
        {
            target = PassiveReply.ParsePasv(argument);
        }
        catch (FtpProtocolException)
        {
            await connection.ReplyAsync(501, "Illegal PORT command.").ConfigureAwait(false);
            return;
        }

        await ActiveModeGuard.AcceptAsync(connection, target, "PORT").ConfigureAwait(false);
    }
}
