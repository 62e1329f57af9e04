namespace FtpLite.Sync;

/// <summary>How a sync decides that a file present on both sides is already the same.</summary>
public enum SyncComparison
{
    /// <summary>Same size and same modification time, at the precision the coarser side gives.</summary>
    SizeAndTime,

    /// <summary>Same size; times are not looked at.</summary>
    Size,

    /// <summary>Same size and same content hash (the server's HASH against the local file's).</summary>
    Hash,
}
