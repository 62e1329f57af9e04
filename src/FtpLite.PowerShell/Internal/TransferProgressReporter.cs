using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using FtpLite.Client;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Turns core progress into progress records handed to <c>write</c> (which posts them to the pipeline thread):
/// none for a transfer that ends within <see cref="Interval"/> (a thousand small files would otherwise spend
/// more time drawing bars than moving bytes), then at most four a second. Holds no cmdlet.
/// </summary>
internal sealed class TransferProgressReporter(string activity, int activityId, Action<ProgressRecord> write, int parentId = -1) : IProgress<FtpTransferProgress>
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private bool _shown;

    /// <summary>True once a record was written, so the bar needs clearing.</summary>
    public bool Shown => _shown;

    public void Report(FtpTransferProgress value)
    {
        var finished = value.TotalBytes is { } total && value.BytesTransferred >= total && value.Elapsed > TimeSpan.Zero;
        if (_sinceLast.Elapsed < Interval && !(finished && _shown))
        {
            return;
        }

        _shown = true;
        _sinceLast.Restart();
        write(ToRecord(value));
    }

    /// <summary>The record that clears this activity's bar, or null when none was shown.</summary>
    public ProgressRecord? Completed() => _shown
        ? new(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed, ParentActivityId = parentId }
        : null;

    private ProgressRecord ToRecord(FtpTransferProgress value)
    {
        var status = value.TotalBytes is { } total
            ? string.Create(CultureInfo.CurrentCulture, $"{FormatBytes(value.BytesTransferred)} of {FormatBytes(total)} at {FormatBytes((long)value.BytesPerSecond)}/s")
            : string.Create(CultureInfo.CurrentCulture, $"{FormatBytes(value.BytesTransferred)} at {FormatBytes((long)value.BytesPerSecond)}/s");
        return new ProgressRecord(activityId, activity, status)
        {
            ParentActivityId = parentId,
            CurrentOperation = ConsoleText.Escape(value.RemotePath),
            PercentComplete = value.PercentComplete ?? -1,
            SecondsRemaining = value.Remaining is { } left ? (int)Math.Min(int.MaxValue, Math.Ceiling(left.TotalSeconds)) : -1,
        };
    }

    internal static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.CurrentCulture, $"{bytes} B")
            : string.Create(CultureInfo.CurrentCulture, $"{value:0.0} {units[unit]}");
    }
}
