namespace FtpLite;

/// <summary>Which bound a server's answers broke.</summary>
public enum FtpLimit
{
    /// <summary>One listing held more entries than <see cref="Client.FtpClientOptions.MaxListingEntries"/>.</summary>
    ListingEntries,

    /// <summary>A recursive walk found more entries in all than its cap.</summary>
    TreeEntries,

    /// <summary>A recursive walk without a depth went deeper than <see cref="Client.FtpClient.MaxTreeDepth"/>.</summary>
    TreeDepth,
}

/// <summary>
/// A server sent more than the client will hold: an endless listing or an endless tree is stopped with this
/// error, memory staying bounded, instead of growing until the machine gives out.
/// </summary>
public sealed class FtpLimitExceededException(FtpLimit limit, string path, string message) : FtpException(message)
{
    /// <summary>The bound that was reached.</summary>
    public FtpLimit Limit { get; } = limit;

    /// <summary>The remote path being listed.</summary>
    public string Path { get; } = path;
}
