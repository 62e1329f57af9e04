using FtpLite.Server;

namespace FtpLite.PowerShell.Internal;

/// <summary>Servers started in this process, so they can be listed and stopped from any runspace.</summary>
internal static class ServerStore
{
    private static readonly List<FtpServer> s_servers = [];
    private static readonly Lock s_lock = new();

    public static void Add(FtpServer server)
    {
        lock (s_lock)
        {
            s_servers.Add(server);
        }
    }

    public static void Remove(FtpServer server)
    {
        lock (s_lock)
        {
            s_servers.Remove(server);
        }
    }

    public static IReadOnlyList<FtpServer> All
    {
        get
        {
            lock (s_lock)
            {
                return [.. s_servers];
            }
        }
    }
}
