using FtpLite.Server.Data;
using System.Globalization;
using System.Net;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>EPRT (RFC 2428): "|1|address|port|" or "|2|address|port|", with PORT's restrictions.</summary>
internal sealed class EprtCommand() : FtpCommandHandler("EPRT")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var text = request.Argument.Trim();
        var parts = text.Length > 1 ? text.Split(text[0]) : [];
        if (parts.Length != 5 || parts[1] is not ("1" or "2"))
        {
            await connection.ReplyAsync(parts.Length == 5 ? FtpReplyCode.NetworkProtocolNotSupported : FtpReplyCode.SyntaxErrorInArguments, parts.Length == 5 ? FtpReplyText.NetworkProtocolNotSupported : FtpReplyText.IllegalEprt).ConfigureAwait(false);
            return;
        }

        if (!IPAddress.TryParse(parts[2], out var address) || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            await connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, FtpReplyText.IllegalEprt).ConfigureAwait(false);
            return;
        }

        await ActiveModeGuard.AcceptAsync(connection, new IPEndPoint(address, port), "EPRT").ConfigureAwait(false);
    }
}
