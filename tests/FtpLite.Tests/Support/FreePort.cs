using System.Net;
using System.Net.Sockets;

namespace FtpLite.Tests.Support;

/// <summary>
/// Ports chosen up front, for what cannot bind port 0 and report back: an external peer (vsftpd, pyftpdlib)
/// that must be told its port, and a server's passive port range. In-process servers bind port 0 instead.
/// </summary>
/// <remarks>
/// The ports come from above the kernel's ephemeral range (net.ipv4.ip_local_port_range), which the kernel never
/// hands out for a port-0 bind or an outgoing connection, so no other test's socket takes them between the
/// choice and the bind. Only another explicit choice could; a caller that starts an external server retries
/// with a new port when its bind fails (PeerServer does).
/// </remarks>
public static class FreePort
{
    /// <summary>A port that could be bound on loopback just now.</summary>
    public static int Next() => Choose(count: 1);

    /// <summary>The first of two consecutive ports that could be bound on loopback just now.</summary>
    public static int Pair() => Choose(count: 2);

    private static int Choose(int count)
    {
        var (low, high) = OutsideEphemeralRange();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Random.Shared.Next(low, high - count + 1);
            if (Enumerable.Range(first, count).All(CanBind))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"No {count} free consecutive ports in {low}-{high} after 100 tries.");
    }

    private static (int Low, int High) OutsideEphemeralRange()
    {
        // Linux: "32768\t60999" by default; elsewhere, the IANA dynamic range's start is a safe upper bound.
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        var ephemeralHigh = 60999;
        if (File.Exists(rangeFile))
        {
            ephemeralHigh = int.Parse(File.ReadAllText(rangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return ephemeralHigh < 64_000 ? (ephemeralHigh + 1, 65_535) : (20_000, 32_767);
    }

    private static bool CanBind(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
