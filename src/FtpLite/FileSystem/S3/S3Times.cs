using System.Globalization;
using Amazon.S3.Model;

namespace FtpLite.FileSystem.S3;

/// <summary>
/// The modification time MFMT sets, kept as the object's "mtime" metadata (Unix seconds with nanoseconds, the
/// form rclone reads and writes, so both show the same time for a file). The store's own LastModified, which
/// cannot be set, is the time of anything without it.
/// </summary>
internal static class S3Times
{
    public const string MetadataName = "mtime";

    public static string Format(DateTime utc)
    {
        var ticks = (utc.ToUniversalTime() - DateTime.UnixEpoch).Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{rest * 100:D9}");
    }

    public static DateTime? Parse(string? value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            && seconds is > -62_135_596_800m and < 253_402_300_799m
            ? DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond))
            : null;

    /// <summary>The time to show for an object the store described with <paramref name="metadata"/>.</summary>
    public static DateTime Of(MetadataCollection metadata, DateTime? lastModified) =>
        Parse(metadata[MetadataName]) ?? ToUtc(lastModified);

    public static DateTime ToUtc(DateTime? time) => time is { } value ? value.ToUniversalTime() : DateTime.UnixEpoch;
}
