using System.Net;
using System.Net.Sockets;

namespace FtpLite.Tests.Support;

/// <summary>Free TCP ports on the loopback interface, for servers that need their port chosen up front.</summary>
public static class FreePort
{
    /// <summary>
    /// A port nothing listens on right now. Another process may still take it before the caller binds it,
    /// so a caller that starts an external server should retry with a new port when the bind fails.
    /// </summary>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
