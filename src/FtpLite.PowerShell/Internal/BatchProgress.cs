using System.Globalization;
using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// The parent progress bar over many files: how many are done and how many bytes moved. Each file's own bar
/// is a child of it. Holds no cmdlet: its own records go to <c>write</c> (called on the pipeline thread), the
/// files' records, which come from transfer threads, to <c>post</c>.
/// </summary>
internal sealed class BatchProgress(string activity, Action<ProgressRecord> write, Action<ProgressRecord> post)
{
    public const int ParentId = 1;
    public const int ChildId = 2;

    private readonly System.Diagnostics.Stopwatch _sinceLast = new();
    private int _started;
    private int _done;
    private long _bytes;

    /// <summary>Known only when the files are listed up front (not when they stream in from the pipeline).</summary>
    public int? Total { get; set; }

    /// <summary>The bytes all the files will move, when known up front (a sync plans them).</summary>
    public long? TotalBytes { get; set; }

    /// <summary>A reporter for the next file's own bar.</summary>
    public TransferProgressReporter StartFile(string name)
    {
        _started++;
        return new TransferProgressReporter(name, ChildId, post, ParentId);
    }

    /// <summary>Counts a finished file; the parent bar is redrawn at most four times a second.</summary>
    public void FileDone(long bytes, TransferProgressReporter? file)
    {
        _done++;
        _bytes += bytes;
        if (file?.Completed() is { } clear)
        {
            write(clear);
        }

        if (!_sinceLast.IsRunning || _sinceLast.Elapsed >= TransferProgressReporter.Interval)
        {
            _sinceLast.Restart();
            write(ParentRecord());
        }
    }

    /// <summary>Clears a file's bar after a failure.</summary>
    public void FileFailed(TransferProgressReporter file)
    {
        if (file.Completed() is { } clear)
        {
            write(clear);
        }
    }

    public void Complete()
    {
        if (_sinceLast.IsRunning)
        {
            write(ParentRecord());
            write(new ProgressRecord(ParentId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private ProgressRecord ParentRecord()
    {
        var status = Total is { } total
            ? string.Create(CultureInfo.CurrentCulture, $"{_done} of {total} files, {TransferProgressReporter.FormatBytes(_bytes)}")
                + (TotalBytes is { } totalBytes ? " of " + TransferProgressReporter.FormatBytes(totalBytes) : string.Empty)
            : string.Create(CultureInfo.CurrentCulture, $"{_done} files, {TransferProgressReporter.FormatBytes(_bytes)}");
        return new ProgressRecord(ParentId, activity, status)
        {
            PercentComplete = Total is > 0 and var count ? Math.Clamp(_done * 100 / count, 0, 100) : -1,
        };
    }
}
