namespace FtpLite.Sync;

/// <summary>Why a sync left an item alone.</summary>
public enum SyncSkipReason
{
    /// <summary>Not skipped.</summary>
    None,

    /// <summary>The target already holds the same file.</summary>
    Unchanged,

    /// <summary>Only on the target, and -Delete was not given.</summary>
    OnlyOnTarget,

    /// <summary>
    /// Only on the target, but a source folder above it could not be listed completely: it may well exist on
    /// the source, so it is not deleted.
    /// </summary>
    SourceNotListed,

    /// <summary>Deleting it would pass the share of the target a sync may delete without asking, and nobody agreed.</summary>
    DeleteThresholdExceeded,
}
