using System.Net;
using FtpLite.Server.Data;

namespace FtpLite.Server.Data;

/// <summary>
/// FTP bounce protection for PORT and EPRT: the data connection may only go to the control connection's own
/// address and to an unprivileged port (vsftpd port_promiscuous=NO, pyftpdlib permit_foreign_addresses=False).
/// </summary>
internal static class ActiveModeGuard
{
    public static async Task AcceptAsync(FtpConnection connection, IPEndPoint target, string verb)
    {
        if (!PeerAddress.SameHost(target.Address, connection.RemoteEndPoint.Address) || target.Port < 1024)
        {
            connection.Log(FtpServerEventKind.Rejected, $"{verb} to {target} refused: not the client's address or a privileged port.");
            await connection.ReplyAsync(FtpReplyCode.SyntaxError, $"Illegal {verb} command.").ConfigureAwait(false);
            return;
        }

        // Connect from the control connection's family so a dual-stack server reaches an IPv4 client.
        var address = connection.RemoteEndPoint.Address;
        connection.Session.Data.SetChannel(new ActiveDataChannel(new IPEndPoint(address, target.Port), connection.Options.DataTimeout));
        await connection.ReplyAsync(FtpReplyCode.Ok, $"{verb} command successful. Consider using EPSV.").ConfigureAwait(false);
    }
}
