namespace FtpLite.Server.Accounts;

/// <summary>
/// What one user's files take, shared by all of the user's sessions, so that two sessions cannot each fill the
/// quota. Counted once from the home folder on disk at the first login, then kept up to date by the sessions'
/// uploads and deletes. Bytes are reserved as they arrive, so uploads running side by side share one limit.
/// </summary>
internal sealed class QuotaUsage
{
    private readonly Lock _lock = new();
    private long _bytes;
    private long _files;

    private QuotaUsage(long bytes, long files)
    {
        _bytes = bytes;
        _files = files;
    }

    public long Bytes { get { lock (_lock) { return _bytes; } } }

    public long Files { get { lock (_lock) { return _files; } } }

    /// <summary>Counts the files under a home folder (links not followed; staged uploads not counted).</summary>
    public static QuotaUsage Count(string home)
    {
        long bytes = 0, files = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in new DirectoryInfo(home).EnumerateFiles("*", options))
        {
            if (!IO.StagedFile.IsTemporaryName(file.Name))
            {
                bytes += file.Length;
                files++;
            }
        }

        return new QuotaUsage(bytes, files);
    }

    /// <summary>Takes <paramref name="count"/> more bytes if that stays within <paramref name="limit"/>.</summary>
    public bool TryReserve(long count, long? limit)
    {
        lock (_lock)
        {
            if (limit is { } most && _bytes + count > most)
            {
                return false;
            }

            _bytes += count;
            return true;
        }
    }

    /// <summary>Takes one more file if that stays within <paramref name="limit"/>.</summary>
    public bool TryAddFile(long? limit)
    {
        lock (_lock)
        {
            if (limit is { } most && _files + 1 > most)
            {
                return false;
            }

            _files++;
            return true;
        }
    }

    /// <summary>Gives back bytes and files (a file deleted or replaced, an upload discarded).</summary>
    public void Release(long bytes, long files)
    {
        lock (_lock)
        {
            _bytes = Math.Max(0, _bytes - bytes);
            _files = Math.Max(0, _files - files);
        }
    }
}
