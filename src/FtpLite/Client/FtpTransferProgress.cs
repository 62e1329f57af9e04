namespace FtpLite.Client;

/// <summary>How far a transfer has come; reported a few times a second and once at the end.</summary>
/// <param name="RemotePath">The remote file being moved.</param>
/// <param name="BytesTransferred">Bytes moved so far, counted from the start of the file.</param>
/// <param name="TotalBytes">The size of the whole file when known.</param>
/// <param name="Elapsed">Time since this transfer started.</param>
/// <param name="StartOffset">Bytes that were already there when a resumed transfer started.</param>
public readonly record struct FtpTransferProgress(
    string RemotePath,
    long BytesTransferred,
    long? TotalBytes,
    TimeSpan Elapsed,
    long StartOffset = 0)
{
    /// <summary>Average speed of this transfer, in bytes per second.</summary>
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? (BytesTransferred - StartOffset) / Elapsed.TotalSeconds : 0;

    /// <summary>Percent complete, clamped to 0-100; null when the total is unknown.</summary>
    public int? PercentComplete => TotalBytes is > 0 and var total
        ? (int)Math.Clamp(BytesTransferred * 100 / total, 0, 100)
        : TotalBytes == 0 ? 100 : null;

    /// <summary>Estimated time left; null when the total or the speed is unknown.</summary>
    public TimeSpan? Remaining => TotalBytes is { } total && BytesPerSecond > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - BytesTransferred) / BytesPerSecond)
        : null;
}
