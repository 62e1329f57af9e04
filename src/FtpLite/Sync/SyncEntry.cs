namespace FtpLite.Sync;

/// <summary>
/// One file or folder of a tree snapshot, by its path relative to the synced folder ('/'-separated on both
/// sides).
/// </summary>
/// <param name="RelativePath">The path below the synced folder, e.g. "css/site.css".</param>
/// <param name="IsDirectory">A folder.</param>
/// <param name="Length">The size in bytes; 0 for folders.</param>
/// <param name="LastWriteTimeUtc">The modification time, when the side tells it.</param>
/// <param name="TimePrecision">
/// How exact <paramref name="LastWriteTimeUtc"/> is: a tick for a local file, a second for MLSD, a minute or a
/// day for a LIST line. Two times are compared at the coarser precision of the two.
/// </param>
public sealed record SyncEntry(string RelativePath, bool IsDirectory, long Length, DateTime? LastWriteTimeUtc, TimeSpan TimePrecision)
{
    /// <summary>What the remote listing said of it (null on the local side): a download needs no second look.</summary>
    public FtpItem? RemoteItem { get; init; }

    /// <summary>The content hash (lowercase hex), filled in only for <see cref="SyncComparison.Hash"/>.</summary>
    public string? Hash { get; init; }

    /// <summary>The folder that holds it, relative ("" for the synced folder itself).</summary>
    public string ParentPath => SyncPaths.GetParent(RelativePath);
}
