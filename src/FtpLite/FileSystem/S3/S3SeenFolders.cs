namespace FtpLite.FileSystem.S3;

/// <summary>
/// Folders the store showed to exist a moment ago (a listing found keys under them, MKD made them, an upload
/// into them completed), trusted for <see cref="S3FileSystemOptions.FolderSeenTime"/> after that answer, never
/// renewed from memory: only for the "does the parent folder exist?" check of STOR, MKD and RNTO, so that
/// `lftp mirror -R` of many files into one folder asks it about once per that time instead of once per file.
/// What it means across nodes: a folder another node removed (RMD of an empty folder, or a folder rename) in
/// that time still takes an upload on this node, which makes it exist again; with no memory the same happens
/// when the removal falls between the check and the upload. Whether a name is itself a folder, and everything
/// about files, is always asked.
/// </summary>
internal sealed class S3SeenFolders(TimeSpan trustFor)
{
    /// <summary>At most this many folders are remembered; past it, the expired ones go (or all, if none has).</summary>
    private readonly RecentEntries<bool> _seen = new(capacity: 1024, maxAge: trustFor);

    private readonly bool _off = (long)trustFor.TotalMilliseconds <= 0;

    /// <summary>True when the store showed <paramref name="path"/> to be a folder within the trusted time.</summary>
    public bool Contains(string path) => !_off && _seen.TryGet(path, out _);

    /// <summary>The store just showed <paramref name="path"/> to be a folder.</summary>
    public void Saw(string path)
    {
        if (!_off)
        {
            _seen.Set(path, true);
        }
    }

    /// <summary>This node removed or renamed <paramref name="path"/>: forget it and every folder under it.</summary>
    public void Forget(string path)
    {
        var under = path == "/" ? "/" : path + "/";
        _seen.RemoveWhere(folder => folder == path || folder.StartsWith(under, StringComparison.Ordinal));
    }
}
