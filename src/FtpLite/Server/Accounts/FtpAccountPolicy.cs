using System.Net;
using FtpLite.Protocol;

namespace FtpLite.Server.Accounts;

/// <summary>
/// One user's settings with its group's defaults filled in: what a session is built from. Made afresh from
/// the account file at each login, so an edit applies to the next login and never to a running session.
/// </summary>
internal sealed class FtpAccountPolicy
{
    private readonly KeyValuePair<string, FtpRights>[] _rights;

    private FtpAccountPolicy(FtpAccount user, FtpAccountGroup? group)
    {
        Name = user.Name;
        Home = Path.GetFullPath((user.Home ?? group!.Home!).Replace("{user}", user.Name, StringComparison.Ordinal));
        var rights = Merge(group?.Rights, user.Rights);
        // No rights given anywhere: the user's own folder is the user's to use, as a -Credential user's root is.
        _rights = [.. (rights.Count == 0 ? new Dictionary<string, FtpRights> { [FtpPath.Root] = FtpRights.All } : rights)
            .OrderByDescending(rule => rule.Key.Length)];
        Mounts = Merge(group?.Mounts, user.Mounts);
        QuotaBytes = user.QuotaBytes ?? group?.QuotaBytes;
        QuotaFiles = user.QuotaFiles ?? group?.QuotaFiles;
        BandwidthBytesPerSecond = user.BandwidthBytesPerSecond ?? group?.BandwidthBytesPerSecond;
        AllowedNetworks = [.. (user.AllowedAddresses ?? group?.AllowedAddresses ?? []).Select(text =>
            FtpAccountFile.TryParseNetwork(text, out var network) ? network : throw new FormatException(text))];
        Disabled = user.Disabled;
        ExpiresUtc = user.ExpiresUtc;
    }

    public string Name { get; }

    public string Home { get; }

    public IReadOnlyDictionary<string, string> Mounts { get; }

    public long? QuotaBytes { get; }

    public long? QuotaFiles { get; }

    public long? BandwidthBytesPerSecond { get; }

    public IReadOnlyList<IPNetwork> AllowedNetworks { get; }

    public bool Disabled { get; }

    public DateTime? ExpiresUtc { get; }

    public static FtpAccountPolicy For(FtpAccountFile file, FtpAccount user) =>
        new(user, user.Group is null ? null : file.Groups[user.Group]);

    /// <summary>The rights at a virtual path: those of the longest rule path that is the path or one of its parents.</summary>
    public FtpRights RightsAt(string path)
    {
        foreach (var (rulePath, rights) in _rights)
        {
            if (rulePath == FtpPath.Root || path == rulePath || path.StartsWith(rulePath + "/", StringComparison.Ordinal))
            {
                return rights;
            }
        }

        return FtpRights.None;
    }

    /// <summary>Why this user may not log in from <paramref name="address"/> now; null when it may.</summary>
    public string? Refusal(IPAddress address, DateTime nowUtc)
    {
        if (Disabled)
        {
            return "the account is disabled";
        }

        if (ExpiresUtc is { } expires && nowUtc >= expires)
        {
            return $"the account expired at {expires:u}";
        }

        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (AllowedNetworks.Count > 0 && !AllowedNetworks.Any(network => network.Contains(normalized)))
        {
            return $"{normalized} is not among the account's allowed addresses";
        }

        if (!Directory.Exists(Home))
        {
            return $"the home folder '{Home}' does not exist";
        }

        return Mounts.FirstOrDefault(mount => !Directory.Exists(mount.Value)) is { Key: not null } missing
            ? $"the folder '{missing.Value}' mounted at {missing.Key} does not exist"
            : null;
    }

    private static Dictionary<string, T> Merge<T>(Dictionary<string, T>? defaults, Dictionary<string, T>? own)
    {
        var merged = new Dictionary<string, T>(defaults ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in own ?? [])
        {
            merged[key] = value;
        }

        return merged;
    }
}
