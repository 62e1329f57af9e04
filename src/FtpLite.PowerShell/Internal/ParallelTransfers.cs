using FtpLite.Client;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Transfers running on several connections at once (-ThrottleLimit). Jobs start on any thread's behalf but
/// their results are handed back, in <see cref="TakeFinished"/>, to the caller on the pipeline thread, which
/// writes them. Holds no cmdlet.
/// </summary>
internal sealed class ParallelTransfers : IAsyncDisposable
{
    private readonly FtpClientPool _pool;
    private readonly List<(Task<object> Task, object Target, Action<object> OnSuccess)> _running = [];
    private readonly CancellationToken _cancellation;

    public ParallelTransfers(FtpClient primary, int limit, CancellationToken cancellation)
    {
        _pool = new FtpClientPool(primary, limit);
        _cancellation = cancellation;
    }

    public int Count => _running.Count;

    /// <summary>Enough queued to keep every connection busy; the caller should wait for some to finish.</summary>
    public bool IsFull => _running.Count >= _pool.Size * 2;

    /// <summary>Starts a job; <paramref name="onSuccess"/> runs later, on the pipeline thread, with its result.</summary>
    public void Start<T>(Func<FtpClient, CancellationToken, Task<T>> job, object target, Action<T> onSuccess) where T : notnull
    {
        var task = _pool.RunAsync(async (client, token) => (object)await job(client, token).ConfigureAwait(false), _cancellation);
        _running.Add((task, target, result => onSuccess((T)result)));
    }

    /// <summary>Completes when any running job has finished.</summary>
    public Task WhenAnyAsync() => _running.Count == 0 ? Task.CompletedTask : Task.WhenAny(_running.Select(r => r.Task));

    /// <summary>Removes the finished jobs: runs each success handler, and reports each failure with its target.</summary>
    public void TakeFinished(Action<Exception, object> onFailure)
    {
        for (var i = 0; i < _running.Count; i++)
        {
            var (task, target, onSuccess) = _running[i];
            if (!task.IsCompleted)
            {
                continue;
            }

            _running.RemoveAt(i--);
            if (task.IsCompletedSuccessfully)
            {
                onSuccess(task.Result);
            }
            else
            {
                onFailure(task.Exception?.GetBaseException() ?? new OperationCanceledException(), target);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_running.Select(r => r.Task)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FtpException or OperationCanceledException or IOException)
        {
            // Their failures were reported, or the pipeline was stopped.
        }

        await _pool.DisposeAsync().ConfigureAwait(false);
    }
}
