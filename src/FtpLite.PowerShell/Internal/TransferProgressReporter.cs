using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using FtpLite.Client;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Turns core progress into progress records, at most a few a second, handed to <c>write</c> (which posts
/// them to the pipeline thread). Holds no cmdlet.
/// </summary>
internal sealed class TransferProgressReporter(string activity, int activityId, Action<ProgressRecord> write, int parentId = -1) : IProgress<FtpTransferProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private bool _started;

    public void Report(FtpTransferProgress value)
    {
        var finished = value.TotalBytes is { } total && value.BytesTransferred >= total && value.Elapsed > TimeSpan.Zero;
        if (_started && !finished && _sinceLast.Elapsed < Interval)
        {
            return;
        }

        _started = true;
        _sinceLast.Restart();
        write(ToRecord(value));
    }

    /// <summary>The record that clears this activity's bar.</summary>
    public ProgressRecord Completed() =>
        new(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed, ParentActivityId = parentId };

    private ProgressRecord ToRecord(FtpTransferProgress value)
    {
        var status = value.TotalBytes is { } total
            ? string.Create(CultureInfo.CurrentCulture, $"{FormatBytes(value.BytesTransferred)} of {FormatBytes(total)} at {FormatBytes((long)value.BytesPerSecond)}/s")
            : string.Create(CultureInfo.CurrentCulture, $"{FormatBytes(value.BytesTransferred)} at {FormatBytes((long)value.BytesPerSecond)}/s");
        return new ProgressRecord(activityId, activity, status)
        {
            ParentActivityId = parentId,
            CurrentOperation = value.RemotePath,
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
