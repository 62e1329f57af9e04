namespace FtpLite.Sync;

/// <summary>What a sync did with one item: the object Sync-FtpLiteItem writes per action.</summary>
public sealed record SyncResult
{
    /// <summary>Upload, Download, Delete, Skip or Failed.</summary>
    public required SyncActionKind Action { get; init; }

    /// <summary>File or Directory.</summary>
    public required FtpItemType ItemType { get; init; }

    /// <summary>The path below the synced folders ('/'-separated).</summary>
    public required string RelativePath { get; init; }

    /// <summary>The item's full local path.</summary>
    public required string LocalPath { get; init; }

    /// <summary>The item's full remote path.</summary>
    public required string RemotePath { get; init; }

    /// <summary>The file's size (the source's for a transfer, the target's for a deletion); 0 for folders.</summary>
    public long Length { get; init; }

    /// <summary>Bytes sent or received (less than the size when a transfer resumed).</summary>
    public long BytesTransferred { get; init; }

    /// <summary>Why: a transfer's cause ("new", "size differs", ...), a skip's reason, or a failure's message.</summary>
    public string? Reason { get; init; }

    /// <summary>Why a Skip was skipped, as a value a script can test.</summary>
    public SyncSkipReason SkipReason { get; init; }

    /// <summary>The error of a Failed action.</summary>
    public Exception? Error { get; init; }
}
