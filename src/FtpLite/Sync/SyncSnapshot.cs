namespace FtpLite.Sync;

/// <summary>
/// One side of a sync as listed: every file and folder below the synced folder, parents before children, and
/// the folders whose listing failed (so whatever is below them is not known).
/// </summary>
public sealed class SyncSnapshot
{
    private readonly List<SyncEntry> _entries = [];
    private readonly Dictionary<string, SyncEntry> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _incomplete = new(StringComparer.Ordinal);

    /// <summary>An empty snapshot, for a synced folder that does not exist (yet).</summary>
    public SyncSnapshot(bool exists = true)
    {
        Exists = exists;
    }

    /// <summary>False when the synced folder itself is missing (a target that a sync will create).</summary>
    public bool Exists { get; }

    /// <summary>The entries in listing order: a folder always before what it holds.</summary>
    public IReadOnlyList<SyncEntry> Entries => _entries;

    /// <summary>Relative paths of folders that could not be listed completely, with why.</summary>
    public IReadOnlyDictionary<string, string> IncompleteFolders => _incomplete;

    /// <summary>How many files the snapshot holds.</summary>
    public int FileCount { get; private set; }

    /// <summary>Adds an entry; its parent must have been added before it (or be the synced folder).</summary>
    public void Add(SyncEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_byPath.TryAdd(entry.RelativePath, entry))
        {
            return;
        }

        _entries.Add(entry);
        if (!entry.IsDirectory)
        {
            FileCount++;
        }
    }

    /// <summary>Records that a folder ("" for the synced folder) could not be listed completely.</summary>
    public void MarkIncomplete(string relativeFolder, string why) => _incomplete.TryAdd(relativeFolder, why);

    /// <summary>The entry at a relative path, or null.</summary>
    public SyncEntry? Find(string relativePath) => _byPath.GetValueOrDefault(relativePath);

    /// <summary>Replaces an entry by an enriched copy of it (a hash filled in), keeping its place.</summary>
    public void Update(SyncEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var index = _entries.IndexOf(_byPath[entry.RelativePath]);
        _entries[index] = entry;
        _byPath[entry.RelativePath] = entry;
    }

    /// <summary>
    /// The incomplete folder at or above <paramref name="relativePath"/>, or null when everything above it was
    /// listed completely.
    /// </summary>
    public string? IncompleteFolderAbove(string relativePath)
    {
        if (_incomplete.Count == 0)
        {
            return null;
        }

        foreach (var folder in SyncPaths.Ancestors(relativePath))
        {
            if (_incomplete.ContainsKey(folder))
            {
                return folder;
            }
        }

        return null;
    }

    /// <summary>The entries strictly below a folder, in order.</summary>
    public IEnumerable<SyncEntry> Below(string relativeFolder) =>
        _entries.Where(entry => entry.RelativePath.Length > relativeFolder.Length && SyncPaths.IsAtOrBelow(entry.RelativePath, relativeFolder));
}
