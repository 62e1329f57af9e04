namespace FtpLite.Sync;

/// <summary>One step of a sync plan: a transfer, a deletion, or an item left alone with the reason.</summary>
public sealed record SyncAction
{
    /// <summary>Upload, Download, Delete or Skip.</summary>
    public required SyncActionKind Kind { get; init; }

    /// <summary>The path below the synced folders ('/'-separated).</summary>
    public required string RelativePath { get; init; }

    /// <summary>The item is a folder (created, deleted with everything in it, or skipped whole).</summary>
    public required bool IsDirectory { get; init; }

    /// <summary>The source side's entry; null for a deletion or an item only on the target.</summary>
    public SyncEntry? Source { get; init; }

    /// <summary>The target side's entry; null when the target has nothing there.</summary>
    public SyncEntry? Target { get; init; }

    /// <summary>Why a Skip was skipped; <see cref="SyncSkipReason.None"/> otherwise.</summary>
    public SyncSkipReason SkipReason { get; init; }

    /// <summary>Why a transfer is needed, in words ("new", "size differs", "time differs", ...).</summary>
    public string? Why { get; init; }

    /// <summary>
    /// The target holds the other kind of item under this name (a folder where the source has a file, or the
    /// reverse): it is deleted, with what it holds, right before the transfer.
    /// </summary>
    public bool ReplacesTarget { get; init; }

    /// <summary>How many files on the target this action removes (a deletion, or a replaced folder's content).</summary>
    public int DeletedFileCount { get; init; }

    /// <summary>The bytes a transfer moves (the source file's size), or a deleted file's size.</summary>
    public long Length => Kind == SyncActionKind.Delete ? Target?.Length ?? 0 : Source?.Length ?? Target?.Length ?? 0;

    /// <summary>True for actions that remove something on the target (deletions and replacements).</summary>
    public bool RemovesFromTarget => Kind == SyncActionKind.Delete || ReplacesTarget;
}
