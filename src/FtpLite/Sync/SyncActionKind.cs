namespace FtpLite.Sync;

/// <summary>What a sync does, or did, with one item.</summary>
public enum SyncActionKind
{
    /// <summary>A local file sent to the server, or a remote folder created.</summary>
    Upload,

    /// <summary>A remote file fetched, or a local folder created.</summary>
    Download,

    /// <summary>An item that exists only on the target, removed (with -Delete).</summary>
    Delete,

    /// <summary>Nothing done; <see cref="SyncAction.SkipReason"/> says why.</summary>
    Skip,

    /// <summary>The action was tried and failed; the result's error says why.</summary>
    Failed,
}
