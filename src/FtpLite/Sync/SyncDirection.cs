namespace FtpLite.Sync;

/// <summary>Which side a sync makes match the other.</summary>
public enum SyncDirection
{
    /// <summary>The local folder is the source: the remote folder is made to match it.</summary>
    Upload,

    /// <summary>The remote folder is the source: the local folder is made to match it.</summary>
    Download,
}
