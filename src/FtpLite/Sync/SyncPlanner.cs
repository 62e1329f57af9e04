namespace FtpLite.Sync;

/// <summary>
/// Compares two tree snapshots and plans what makes the target match the source. Pure: it reads no disk and no
/// network, so every rule here is tested without either.
/// </summary>
public static class SyncPlanner
{
    /// <summary>Plans a sync of <paramref name="source"/> onto <paramref name="target"/>.</summary>
    public static SyncPlan Plan(SyncSnapshot source, SyncSnapshot target, SyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var transfer = options.Direction == SyncDirection.Upload ? SyncActionKind.Upload : SyncActionKind.Download;
        List<SyncAction> folders = [], files = [], deletions = [], skips = [];

        // Target folders whose whole content a replacement or a deletion already takes away.
        var gone = new HashSet<string>(StringComparer.Ordinal);

        foreach (var entry in source.Entries)
        {
            if (!options.Filter.Includes(entry))
            {
                continue;
            }

            var existing = target.Find(entry.RelativePath);
            var replaces = existing is not null && existing.IsDirectory != entry.IsDirectory;
            var removed = !replaces ? 0 : existing!.IsDirectory ? CountFilesBelow(target, entry.RelativePath) : 1;
            if (replaces && existing!.IsDirectory)
            {
                gone.Add(entry.RelativePath);
            }

            if (entry.IsDirectory)
            {
                if (existing is null || replaces)
                {
                    folders.Add(Transfer(transfer, entry, existing, replaces ? "a folder replaces a file" : "new", replaces, removed));
                }

                continue;
            }

            if (existing is null || replaces)
            {
                files.Add(Transfer(transfer, entry, existing, replaces ? "a file replaces a folder" : "new", replaces, removed));
            }
            else if (Difference(entry, existing, options) is { } why)
            {
                files.Add(Transfer(transfer, entry, existing, why, replaces: false, removed: 0));
            }
            else
            {
                skips.Add(new SyncAction
                {
                    Kind = SyncActionKind.Skip, RelativePath = entry.RelativePath, IsDirectory = false,
                    Source = entry, Target = existing, SkipReason = SyncSkipReason.Unchanged,
                });
            }
        }

        foreach (var entry in target.Entries)
        {
            if (source.Find(entry.RelativePath) is not null || IsBelowAny(entry.RelativePath, gone) || !options.Filter.Includes(entry))
            {
                continue;
            }

            // Only on the target. A folder goes whole only when everything known below it may go: nothing
            // excluded, and its own listing complete; otherwise its items are looked at one by one.
            if (entry.IsDirectory && !MayDeleteWhole(entry, target, options.Filter))
            {
                continue;
            }

            var reason = !options.Delete ? SyncSkipReason.OnlyOnTarget
                : source.IncompleteFolderAbove(entry.RelativePath) is not null ? SyncSkipReason.SourceNotListed
                : SyncSkipReason.None;
            if (entry.IsDirectory)
            {
                gone.Add(entry.RelativePath);
            }

            if (reason != SyncSkipReason.None)
            {
                skips.Add(new SyncAction { Kind = SyncActionKind.Skip, RelativePath = entry.RelativePath, IsDirectory = entry.IsDirectory, Target = entry, SkipReason = reason });
                continue;
            }

            deletions.Add(new SyncAction
            {
                Kind = SyncActionKind.Delete, RelativePath = entry.RelativePath, IsDirectory = entry.IsDirectory, Target = entry,
                Why = "only on the target", DeletedFileCount = entry.IsDirectory ? CountFilesBelow(target, entry.RelativePath) : 1,
            });
        }

        return new SyncPlan(folders, files, deletions, skips, target.FileCount);
    }

    /// <summary>
    /// Why two files present on both sides differ, or null when they count as the same. Times are compared at
    /// the coarser precision of the two sides (a LIST line tells minutes, MLSD seconds, a local disk ticks).
    /// </summary>
    public static string? Difference(SyncEntry source, SyncEntry target, SyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (source.Length != target.Length)
        {
            return "size differs";
        }

        switch (options.Comparison)
        {
            case SyncComparison.Size:
                return null;
            case SyncComparison.Hash when source.Hash is not null && target.Hash is not null:
                return string.Equals(source.Hash, target.Hash, StringComparison.OrdinalIgnoreCase) ? null : "content differs";
        }

        if (source.LastWriteTimeUtc is not { } sourceTime || target.LastWriteTimeUtc is not { } targetTime)
        {
            // A side that tells no time leaves the size to decide.
            return null;
        }

        var precision = Math.Max(1, Math.Max(source.TimePrecision.Ticks, target.TimePrecision.Ticks));
        var a = sourceTime.Ticks - (sourceTime.Ticks % precision);
        var b = targetTime.Ticks - (targetTime.Ticks % precision);
        if (options.TargetKeepsTimes)
        {
            return a == b ? null : "time differs";
        }

        return b >= a ? null : "the source is newer";
    }

    private static SyncAction Transfer(SyncActionKind kind, SyncEntry entry, SyncEntry? existing, string why, bool replaces, int removed) => new()
    {
        Kind = kind, RelativePath = entry.RelativePath, IsDirectory = entry.IsDirectory, Source = entry, Target = existing,
        Why = why, ReplacesTarget = replaces, DeletedFileCount = removed,
    };

    private static bool MayDeleteWhole(SyncEntry folder, SyncSnapshot target, SyncFilter filter) =>
        !target.IncompleteFolders.Keys.Any(incomplete => SyncPaths.IsAtOrBelow(incomplete, folder.RelativePath))
        && target.Below(folder.RelativePath).All(filter.Includes);

    private static int CountFilesBelow(SyncSnapshot snapshot, string folder) => snapshot.Below(folder).Count(entry => !entry.IsDirectory);

    private static bool IsBelowAny(string path, HashSet<string> folders)
    {
        if (folders.Count == 0)
        {
            return false;
        }

        foreach (var folder in SyncPaths.Ancestors(path))
        {
            if (folder.Length > 0 && folders.Contains(folder))
            {
                return true;
            }
        }

        return false;
    }
}
