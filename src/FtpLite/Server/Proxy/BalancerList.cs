using System.Net;
using FtpLite.Server.Data;

namespace FtpLite.Server.Proxy;

/// <summary>
/// The balancers whose connections begin with a PROXY protocol header: addresses and networks
/// ("10.0.0.5", "10.0.0.0/24", "fd00::/8"). A connection from one of them must send a header, and one from
/// anywhere else must not.
/// </summary>
public sealed class BalancerList
{
    private readonly IPNetwork[] _networks;

    /// <summary>A list of the given networks.</summary>
    public BalancerList(IEnumerable<IPNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        _networks = [.. networks];
    }

    /// <summary>No balancer: no connection may send a PROXY header.</summary>
    public static BalancerList None { get; } = new([]);

    /// <summary>True when the list is empty.</summary>
    public bool IsEmpty => _networks.Length == 0;

    /// <summary>The networks, as given.</summary>
    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>
    /// Parses "address" or "address/prefix" entries; an address alone is a network of one. Throws
    /// <see cref="FormatException"/> naming the entry that is neither.
    /// </summary>
    public static BalancerList Parse(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            var text = entry?.Trim() ?? string.Empty;
            if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
            {
                address = PeerAddress.Normalize(address);
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else if (IPNetwork.TryParse(text, out var network)
                && IPAddress.TryParse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal)), out var given) && given.Equals(network.BaseAddress))
            {
                // Host bits are refused, not masked: "10.0.0.1/8" is more likely a typo than a wish to trust a /8.
                networks.Add(network);
            }
            else
            {
                throw new FormatException($"'{entry}' is neither an IP address nor a network such as 10.0.0.0/24.");
            }
        }

        return new BalancerList(networks);
    }

    /// <summary>True when <paramref name="address"/> (IPv4-mapped IPv6 counts as IPv4) is a listed balancer's.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = PeerAddress.Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _networks);
}
