namespace FtpLite.Sync;

/// <summary>The last object Sync-FtpLiteItem writes: what the whole sync did, for a script to test.</summary>
public sealed class SyncSummary
{
    /// <summary>Upload (local to remote) or Download (remote to local).</summary>
    public required SyncDirection Direction { get; init; }

    /// <summary>The local folder.</summary>
    public required string LocalPath { get; init; }

    /// <summary>The remote folder.</summary>
    public required string RemotePath { get; init; }

    /// <summary>Files sent.</summary>
    public int Uploaded { get; set; }

    /// <summary>Files received.</summary>
    public int Downloaded { get; set; }

    /// <summary>Folders created on the target.</summary>
    public int FoldersCreated { get; set; }

    /// <summary>Items deleted from the target (a folder counts once, with everything in it).</summary>
    public int Deleted { get; set; }

    /// <summary>Items left alone (unchanged, only on the target, or protected).</summary>
    public int Skipped { get; set; }

    /// <summary>Actions that failed; each also wrote an error.</summary>
    public int Failed { get; set; }

    /// <summary>Bytes sent and received.</summary>
    public long BytesTransferred { get; set; }

    /// <summary>How long the sync took, listings included.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Folders that could not be listed completely (relative paths; "" is the synced folder): nothing below them was deleted.</summary>
    public IReadOnlyList<string> IncompleteFolders { get; set; } = [];

    /// <summary>True when no action failed.</summary>
    public bool Succeeded => Failed == 0;
}
