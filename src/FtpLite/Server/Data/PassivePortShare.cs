using System.Net;

namespace FtpLite.Server.Data;

/// <summary>
/// How many passive listeners of a configured port range one client address may hold at once: half the
/// range, at least one. Without it, a few connections refreshing PASV hold a small range for ever and
/// everyone else gets 425 (issue 12, item 10).
/// </summary>
internal sealed class PassivePortShare((int First, int Last)? range)
{
    private readonly int _perAddress = range is var (first, last) ? Math.Max(1, (last - first + 1) / 2) : int.MaxValue;
    private readonly Dictionary<IPAddress, int> _held = [];
    private readonly Lock _lock = new();

    /// <summary>Takes a listener for <paramref name="address"/>; returns a release action, or null when its share is used up.</summary>
    public Action? TryTake(IPAddress address)
    {
        if (_perAddress == int.MaxValue)
        {
            return static () => { };
        }

        lock (_lock)
        {
            var held = _held.GetValueOrDefault(address);
            if (held >= _perAddress)
            {
                return null;
            }

            _held[address] = held + 1;
        }

        var released = 0;
        return () =>
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Release(address);
            }
        };
    }

    private void Release(IPAddress address)
    {
        lock (_lock)
        {
            var held = _held.GetValueOrDefault(address) - 1;
            if (held <= 0)
            {
                _held.Remove(address);
            }
            else
            {
                _held[address] = held;
            }
        }
    }
}
