using System.Net;

namespace FtpLite.Server;

/// <summary>
/// Counts the connections each address holds, and how many of them have not logged in yet, so that one
/// address cannot fill the server with connections that never log in (issue 12, item 4).
/// </summary>
internal sealed class ConnectionSlots(int maxPerAddress, int maxNotLoggedInPerAddress)
{
    private readonly Dictionary<IPAddress, (int Total, int NotLoggedIn)> _counts = [];
    private readonly Lock _lock = new();

    /// <summary>Takes a not-logged-in slot for <paramref name="address"/>; null when allowed, else the 421 text.</summary>
    public string? TryTake(IPAddress address)
    {
        lock (_lock)
        {
            var (total, notLoggedIn) = _counts.GetValueOrDefault(address);
            if (total >= maxPerAddress)
            {
                return "Too many connections from your address.";
            }

            if (notLoggedIn >= maxNotLoggedInPerAddress)
            {
                return "Too many connections from your address waiting to log in.";
            }

            _counts[address] = (total + 1, notLoggedIn + 1);
            return null;
        }
    }

    /// <summary>A connection of <paramref name="address"/> logged in: its not-logged-in slot is free again.</summary>
    public void LoggedIn(IPAddress address) => Update(address, 0, -1);

    /// <summary>A connection of <paramref name="address"/> ended.</summary>
    public void Release(IPAddress address, bool loggedIn) => Update(address, -1, loggedIn ? 0 : -1);

    private void Update(IPAddress address, int total, int notLoggedIn)
    {
        lock (_lock)
        {
            var (t, n) = _counts.GetValueOrDefault(address);
            (t, n) = (t + total, n + notLoggedIn);
            if (t <= 0)
            {
                _counts.Remove(address);
            }
            else
            {
                _counts[address] = (t, n);
            }
        }
    }
}
