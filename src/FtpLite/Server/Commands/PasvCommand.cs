using System.Net.Sockets;
using FtpLite.Protocol;
using FtpLite.Server.Data;

namespace FtpLite.Server.Commands;

/// <summary>
/// PASV: listens for a data connection on the address the client reached us at, so the advertised
/// address is never 0.0.0.0. IPv6 clients must use EPSV.
/// </summary>
internal sealed class PasvCommand() : FtpCommandHandler("PASV")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        var local = PeerAddress.Normalize(connection.LocalEndPoint.Address);
        if (local.AddressFamily != AddressFamily.InterNetwork)
        {
            await connection.ReplyAsync(425, "PASV is IPv4 only; use EPSV.").ConfigureAwait(false);
            return;
        }

        var channel = PassiveDataChannel.Create(connection.LocalEndPoint.Address, connection.RemoteEndPoint.Address, connection.Options.DataTimeout);
        connection.SetDataChannel(channel);
        var endPoint = new System.Net.IPEndPoint(local, channel.LocalEndPoint.Port);
        await connection.ReplyAsync(227, $"Entering Passive Mode ({PassiveReply.FormatPasv(endPoint)}).").ConfigureAwait(false);
    }
}
