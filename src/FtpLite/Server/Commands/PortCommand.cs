using FtpLite.Server.Data;
using System.Net;
using FtpLite.Protocol;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>PORT: active mode, to the client's own address only (see <see cref="ActiveModeGuard"/>).</summary>
internal sealed class PortCommand() : FtpCommandHandler("PORT")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        IPEndPoint target;
        try
        {
            target = PassiveReply.ParsePasv(request.Argument);
        }
        catch (FtpProtocolException)
        {
            await connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, "Illegal PORT command.").ConfigureAwait(false);
            return;
        }

        await ActiveModeGuard.AcceptAsync(connection, target, "PORT").ConfigureAwait(false);
    }
}
