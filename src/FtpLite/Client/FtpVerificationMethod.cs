namespace FtpLite.Client;

/// <summary>How a transfer was checked.</summary>
public enum FtpVerificationMethod
{
    /// <summary>Not checked beyond the transfer's own byte count.</summary>
    None,

    /// <summary>Both sides' hashes matched.</summary>
    Hash,

    /// <summary>The server has no HASH: only the sizes were compared.</summary>
    Size,
}
