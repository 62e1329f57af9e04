namespace FtpLite.FileSystem.S3;

/// <summary>
/// What a node learnt from the store a moment ago, by key, each entry trusted for <paramref name="maxAge"/> after it
/// was set and never renewed from memory. Bounded: at <paramref name="capacity"/> entries, a new key first drops
/// the expired ones, or all when none has expired. Thread-safe.
/// </summary>
internal sealed class RecentEntries<TValue>(int capacity, TimeSpan maxAge)
{
    private readonly long _maxAgeMs = (long)maxAge.TotalMilliseconds;
    private readonly Dictionary<string, (TValue Value, long At)> _entries = new(StringComparer.Ordinal);

    public void Set(string key, TValue value)
    {
        var now = Environment.TickCount64;
        lock (_entries)
        {
            if (_entries.Count >= capacity && !_entries.ContainsKey(key))
            {
                RemoveWhere((_, at) => now - at > _maxAgeMs);
                if (_entries.Count >= capacity)
                {
                    _entries.Clear();
                }
            }

            _entries[key] = (value, now);
        }
    }

    /// <summary>The entry under <paramref name="key"/> while it is trusted; an expired one is dropped.</summary>
    public bool TryGet(string key, out TValue value) => Find(key, take: false, out value);

    /// <summary>As <see cref="TryGet"/>, and the entry is removed either way: it may be used once.</summary>
    public bool TryTake(string key, out TValue value) => Find(key, take: true, out value);

    public void Remove(string key)
    {
        lock (_entries)
        {
            _entries.Remove(key);
        }
    }

    /// <summary>Drops every entry whose key matches.</summary>
    public void RemoveWhere(Func<string, bool> match)
    {
        lock (_entries)
        {
            RemoveWhere((key, _) => match(key));
        }
    }

    private bool Find(string key, bool take, out TValue value)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                var trusted = Environment.TickCount64 - entry.At <= _maxAgeMs;
                if (take || !trusted)
                {
                    _entries.Remove(key);
                }

                if (trusted)
                {
                    value = entry.Value;
                    return true;
                }
            }

            value = default!;
            return false;
        }
    }

    /// <summary>Called under the lock.</summary>
    private void RemoveWhere(Func<string, long, bool> match)
    {
        foreach (var (key, entry) in _entries.ToList())
        {
            if (match(key, entry.At))
            {
                _entries.Remove(key);
            }
        }
    }
}
