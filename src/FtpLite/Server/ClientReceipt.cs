using System.Net.Sockets;

namespace FtpLite.Server;

/// <summary>
/// Whether a client that left took every reply sent to it, judged from its control connection's TCP state when
/// that connection ends. A client that reads its replies and then closes sends a FIN that acknowledges them. A
/// client killed with a reply unread in its socket makes its kernel answer with a reset (Linux: tcp_close with unread
/// data; RFC 1122 4.2.2.13), and so does one whose socket was already closed when the reply arrived (RFC 1122
/// 4.2.2.13, Linux: data in FIN_WAIT after close). So on Linux: the connection still open or half-closed, not
/// reset, and nothing we sent unacknowledged means the client took it all. Elsewhere only the reset is known.
/// </summary>
internal static class ClientReceipt
{
    private const int TcpInfo = 11;
    private const int StateOffset = 0;
    private const int UnackedOffset = 24;
    private const int NotSentOffset = 144;
    private const byte Established = 1;
    private const byte CloseWait = 8;

    /// <summary>True when the client took every reply; <paramref name="endedInError"/>: the last read failed (a reset).</summary>
    public static bool TookEveryReply(Socket socket, bool endedInError)
    {
        if (!OperatingSystem.IsLinux())
        {
            return !endedInError;
        }

        Span<byte> info = stackalloc byte[256];
        int length;
        try
        {
            length = socket.GetRawSocketOption((int)SocketOptionLevel.Tcp, TcpInfo, info);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }

        if (length < NotSentOffset + 4)
        {
            return !endedInError;
        }

        var state = info[StateOffset];
        return state is Established or CloseWait
            && BitConverter.ToUInt32(info[UnackedOffset..]) == 0
            && BitConverter.ToUInt32(info[NotSentOffset..]) == 0;
    }
}
