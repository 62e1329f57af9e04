using System.Collections.Concurrent;
using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// What every FtpLite cmdlet shares: a cancellation token cancelled by Ctrl+C (StopProcessing), and a way
/// to wait for core I/O while running pipeline work (progress, verbose) that other threads post, so every
/// Write* call stays on the pipeline thread.
/// </summary>
public abstract class FtpLiteCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Action> _pipelineWork = new();
    private readonly AutoResetEvent _workPosted = new(false);

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => _stop.Token;

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>Queues work for the pipeline thread; safe from any thread.</summary>
    internal void Post(Action action)
    {
        _pipelineWork.Enqueue(action);
        _workPosted.Set();
    }

    /// <summary>
    /// Waits for a core operation, running posted pipeline work meanwhile. Ctrl+C cancels the operation
    /// through <see cref="StopToken"/> and ends the pipeline.
    /// </summary>
    internal T Await<T>(Task<T> task)
    {
        WaitWhileRunning(task);
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <inheritdoc cref="Await{T}(Task{T})"/>
    internal void Await(Task task)
    {
        WaitWhileRunning(task);
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Runs posted work until Ctrl+C, or until <paramref name="alsoStop"/> is cancelled (for -Wait).</summary>
    internal void PumpUntilStopped(CancellationToken alsoStop = default)
    {
        var handles = new[] { _stop.Token.WaitHandle, alsoStop.WaitHandle, _workPosted };
        while (!_stop.IsCancellationRequested && !alsoStop.IsCancellationRequested)
        {
            WaitHandle.WaitAny(handles);
            RunPostedWork();
        }

        RunPostedWork();
    }

    /// <summary>Writes a non-terminating error for a failed item, mapped to a stable error id.</summary>
    internal void WriteFailure(Exception exception, object? target) => WriteError(FtpLiteErrors.ToErrorRecord(exception, target));

    /// <summary>
    /// The one per-item error wrapper: runs the work for one item; a failure that ends only that item
    /// (<see cref="FtpLiteErrors.IsItemFailure"/>) becomes a non-terminating error about <paramref name="target"/>,
    /// with its stable id, and the command goes on with the next. False when the item failed.
    /// </summary>
    internal bool ForItem(object? target, Action work)
    {
        try
        {
            work();
            return true;
        }
        catch (Exception ex) when (FtpLiteErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, target);
            return false;
        }
    }

    /// <summary>Waits for queued parallel transfers, writing each result or failure as it finishes.</summary>
    internal void Drain(ParallelTransfers transfers, bool all)
    {
        while (all ? transfers.Count > 0 : transfers.IsFull)
        {
            Await(transfers.WhenAnyAsync());
            transfers.TakeFinished(OnParallelFailure);
        }

        transfers.TakeFinished(OnParallelFailure);
    }

    /// <summary>Releases what a derived cmdlet holds (parallel connections), also when the pipeline was stopped.</summary>
    protected virtual void ReleaseResources()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ReleaseResources();
        _stop.Dispose();
        _workPosted.Dispose();
        GC.SuppressFinalize(this);
    }

    private void OnParallelFailure(Exception exception, object target)
    {
        if (exception is OperationCanceledException && _stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        WriteFailure(exception, target);
    }

    private void WaitWhileRunning(Task task)
    {
        if (!task.IsCompleted)
        {
            // The task's completion wakes the same event as posted work: one wait, and no wait handle made per
            // operation (a thousand small files are a thousand operations).
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(WakePipelineThread);
            while (!task.IsCompleted)
            {
                _workPosted.WaitOne();
                RunPostedWork();
            }
        }

        RunPostedWork();
    }

    private void WakePipelineThread()
    {
        try
        {
            _workPosted.Set();
        }
        catch (ObjectDisposedException)
        {
            // The wait saw the task complete before this ran, and the cmdlet is already gone.
        }
    }

    private void RunPostedWork()
    {
        while (_pipelineWork.TryDequeue(out var work))
        {
            work();
        }
    }
}
