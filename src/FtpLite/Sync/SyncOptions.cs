namespace FtpLite.Sync;

/// <summary>What a sync compares and what it may do.</summary>
public sealed record SyncOptions
{
    /// <summary>Which side is the source.</summary>
    public required SyncDirection Direction { get; init; }

    /// <summary>How files on both sides are judged the same.</summary>
    public SyncComparison Comparison { get; init; } = SyncComparison.SizeAndTime;

    /// <summary>Delete what exists only on the target (never done without it).</summary>
    public bool Delete { get; init; }

    /// <summary>-Include and -Exclude.</summary>
    public SyncFilter Filter { get; init; } = SyncFilter.All;

    /// <summary>
    /// The target side takes the source's modification times (always true locally; true for a server with MFMT).
    /// When false (a server that cannot set times, such as vsftpd), an uploaded file carries its upload time, so
    /// a file of the same size whose target time is not older than the source's counts as the same: what
    /// changes a file after its upload makes it newer than that.
    /// </summary>
    public bool TargetKeepsTimes { get; init; } = true;
}
