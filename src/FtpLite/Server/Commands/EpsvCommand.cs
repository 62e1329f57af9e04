using FtpLite.Server.Data;
using System.Globalization;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>EPSV (RFC 2428): like PASV but only the port is sent, so it works the same for IPv4 and IPv6.</summary>
internal sealed class EpsvCommand() : FtpCommandHandler("EPSV")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (connection.BalancerEndPoint is not null)
        {
            // EPSV's reply names only a port, which the client opens at the address it connected to: the
            // balancer's, which forwards the control port only. PASV names this node's address (-PassiveAddress).
            // 502 makes clients (curl, lftp, FtpLite) fall back to PASV.
            await connection.ReplyAsync(FtpReplyCode.NotImplemented, "EPSV is not available through the load balancer; use PASV, which names this node's address.").ConfigureAwait(false);
            return;
        }

        var protocol = request.Argument.Trim();
        if (protocol.Equals("ALL", StringComparison.OrdinalIgnoreCase))
        {
            await connection.ReplyAsync(FtpReplyCode.Ok, "EPSV ALL ok.").ConfigureAwait(false);
            return;
        }

        if (protocol.Length > 0 && protocol is not ("1" or "2"))
        {
            await connection.ReplyAsync(FtpReplyCode.NetworkProtocolNotSupported, FtpReplyText.NetworkProtocolNotSupported).ConfigureAwait(false);
            return;
        }

        if (await PassiveListener.OpenAsync(connection).ConfigureAwait(false) is not { } channel)
        {
            return;
        }

        await connection.ReplyAsync(FtpReplyCode.EnteringExtendedPassiveMode, string.Create(CultureInfo.InvariantCulture, $"Entering Extended Passive Mode (|||{channel.LocalEndPoint.Port}|)")).ConfigureAwait(false);
    }
}
