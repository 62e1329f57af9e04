using FtpLite.IO;

namespace FtpLite.Sync;

/// <summary>
/// Snapshots a local folder for a sync: files and folders, parents first, times to the tick. A subfolder that
/// cannot be read is recorded as incomplete instead of failing the whole walk. FtpLite's own in-flight files
/// (a download's hidden staging file, a resumable download's partial file) are not part of the tree.
/// </summary>
public static class LocalTreeReader
{
    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <summary>The snapshot of <paramref name="root"/>; a missing folder gives an empty one with Exists false.</summary>
    /// <exception cref="IOException">The folder itself cannot be read.</exception>
    public static SyncSnapshot Read(string root, SyncFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
        {
            return File.Exists(root)
                ? throw new IOException($"'{root}' is a file; a sync needs a folder on each side.")
                : new SyncSnapshot(exists: false);
        }

        filter ??= SyncFilter.All;
        var snapshot = new SyncSnapshot();
        var pending = new Queue<(DirectoryInfo Folder, string Relative)>();
        pending.Enqueue((new DirectoryInfo(root), string.Empty));
        while (pending.TryDequeue(out var next))
        {
            List<FileSystemInfo> children;
            try
            {
                children = [.. next.Folder.EnumerateFileSystemInfos("*", OneLevel)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && next.Relative.Length > 0)
            {
                snapshot.MarkIncomplete(next.Relative, ex.Message);
                continue;
            }

            children.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var child in children)
            {
                if (IsInFlight(child.Name))
                {
                    continue;
                }

                var relative = next.Relative.Length == 0 ? child.Name : next.Relative + "/" + child.Name;
                var isDirectory = child is DirectoryInfo;

                // Excluded folders are not even walked: a large cache folder costs nothing.
                if (isDirectory && !filter.Includes(relative, isDirectory: true))
                {
                    continue;
                }

                snapshot.Add(new SyncEntry(relative, isDirectory, child is FileInfo file ? file.Length : 0, child.LastWriteTimeUtc, TimeSpan.FromTicks(1)));
                if (isDirectory && child.LinkTarget is null)
                {
                    pending.Enqueue(((DirectoryInfo)child, relative));
                }
            }
        }

        return snapshot;
    }

    /// <summary>A download's staging file or a resumable download's partial file.</summary>
    private static bool IsInFlight(string name) =>
        StagedFile.IsTemporaryName(name) || name.EndsWith(".ftplite-partial", StringComparison.Ordinal) || name.StartsWith(".ftplite-partial-", StringComparison.Ordinal);
}
