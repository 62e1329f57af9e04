using System.Net;

namespace FtpLite.Server.Data;

internal static class PeerAddress
{
    /// <summary>Maps "::ffff:1.2.3.4" back to 1.2.3.4 so a dual-stack socket's peer compares equal to IPv4.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public static bool SameHost(IPAddress a, IPAddress b) => Normalize(a).Equals(Normalize(b));
}
