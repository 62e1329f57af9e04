using System.Net;
using System.Net.Sockets;

namespace FtpLite.Server;

/// <summary>
/// Slows and bans password guessing across connections, as FileZilla Server's autoban and SFTPGo's defender
/// do. Failures are counted per address (an IPv6 /64 counts as one address) and per account; each failed
/// login waits <see cref="FtpServerOptions.FailedLoginDelay"/> doubled for every earlier failure of the
/// address or the account, up to 16 times. An address with <see cref="FtpServerOptions.LoginBanThreshold"/>
/// failures is banned for <see cref="FtpServerOptions.LoginBanDuration"/>. Accounts are never banned, so a
/// guesser cannot lock the right user out from another address. Failures are forgotten once
/// <see cref="FtpServerOptions.LoginBanDuration"/> passes without another one.
/// </summary>
internal sealed class LoginDefender(FtpServerOptions options)
{
    /// <summary>Beyond this many tracked addresses or accounts, forgotten ones are swept before adding more.</summary>
    internal const int SweepAbove = 10_000;

    /// <summary>
    /// At most this many account names are tracked; when all are recent, further names share one count, so
    /// guessing with ever new user names cannot grow memory.
    /// </summary>
    internal const int MaxAccounts = 100_000;

    private const string OverflowAccount = "\0";

    private const int MaxDelayFactor = 16;

    private readonly Table<IPAddress> _addresses = new(EqualityComparer<IPAddress>.Default);
    private readonly Table<string> _accounts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Account names being counted now (for tests of the memory bound).</summary>
    internal int TrackedAccounts
    {
        get
        {
            lock (_lock)
            {
                return _accounts.Records.Count;
            }
        }
    }

    private TimeProvider Clock => options.TimeProvider;

    /// <summary>How long <paramref name="address"/> stays banned; null when it is not banned.</summary>
    public TimeSpan? BanRemaining(IPAddress address)
    {
        var key = Key(address);
        lock (_lock)
        {
            if (_addresses.Records.TryGetValue(key, out var record) && record.BannedUntil is { } until)
            {
                var left = until - Clock.GetUtcNow();
                if (left > TimeSpan.Zero)
                {
                    return left;
                }

                _addresses.Records.Remove(key);
            }

            return null;
        }
    }

    /// <summary>
    /// Counts a failed login of <paramref name="account"/> from <paramref name="address"/>; returns how long to wait before answering and whether the
    /// address is banned from now on.
    /// </summary>
    public (TimeSpan Delay, bool Banned) RecordFailure(IPAddress address, string account)
    {
        var now = Clock.GetUtcNow();
        lock (_lock)
        {
            var byAddress = Count(_addresses, Key(address), now);
            var byAccount = Count(_accounts, _accounts.Records.Count >= MaxAccounts && !_accounts.Records.ContainsKey(account) ? OverflowAccount : account, now);
            var banned = options.LoginBanThreshold > 0 && byAddress.Failures >= options.LoginBanThreshold;
            if (banned)
            {
                byAddress.BannedUntil = now + options.LoginBanDuration;
            }

            var failures = Math.Max(byAddress.Failures, byAccount.Failures);
            var factor = failures >= 5 ? MaxDelayFactor : 1 << (failures - 1);
            return (options.FailedLoginDelay * factor, banned);
        }
    }

    /// <summary>The key an address is counted under: itself for IPv4, its /64 network for IPv6.</summary>
    internal static IPAddress Key(IPAddress address)
    {
        address = Data.PeerAddress.Normalize(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    private Record Count<TKey>(Table<TKey> table, TKey key, DateTimeOffset now)
        where TKey : notnull
    {
        var records = table.Records;
        if (records.Count >= table.SweepAt)
        {
            // Sweeping costs the table's size, so it runs again only after as many new entries: amortised O(1).
            foreach (var stale in records.Where(r => IsForgotten(r.Value, now)).Select(r => r.Key).ToList())
            {
                records.Remove(stale);
            }

            table.SweepAt = Math.Max(SweepAbove, records.Count * 2);
        }

        if (!records.TryGetValue(key, out var record) || IsForgotten(record, now))
        {
            record = new Record();
            records[key] = record;
        }

        record.Failures++;
        record.LastFailure = now;
        return record;
    }

    private bool IsForgotten(Record record, DateTimeOffset now) =>
        now - record.LastFailure >= options.LoginBanDuration && (record.BannedUntil is null || record.BannedUntil <= now);

    private sealed class Table<TKey>(IEqualityComparer<TKey> comparer)
        where TKey : notnull
    {
        public Dictionary<TKey, Record> Records { get; } = new(comparer);

        public int SweepAt { get; set; } = SweepAbove;
    }

    private sealed class Record
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset? BannedUntil { get; set; }
    }
}
