using System.Net.Sockets;
using FtpLite.Protocol;
using FtpLite.Server.Data;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>
/// PASV: listens for a data connection on the address the client reached us at, so the advertised
/// address is never 0.0.0.0. IPv6 clients must use EPSV.
/// </summary>
internal sealed class PasvCommand() : FtpCommandHandler("PASV")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var local = PeerAddress.Normalize(connection.LocalEndPoint.Address);
        if (local.AddressFamily != AddressFamily.InterNetwork)
        {
            await connection.ReplyAsync(FtpReplyCode.CannotOpenDataConnection, "PASV is IPv4 only; use EPSV.").ConfigureAwait(false);
            return;
        }

        if (await PassiveListener.OpenAsync(connection).ConfigureAwait(false) is not { } channel)
        {
            return;
        }

        // Behind NAT the address to advertise is configuration, not guesswork.
        var advertised = connection.Options.PassiveAddress is { } configured ? PeerAddress.Normalize(configured) : local;
        var endPoint = new System.Net.IPEndPoint(advertised, channel.LocalEndPoint.Port);
        await connection.ReplyAsync(FtpReplyCode.EnteringPassiveMode, $"Entering Passive Mode ({PassiveReply.FormatPasv(endPoint)}).").ConfigureAwait(false);
    }
}
