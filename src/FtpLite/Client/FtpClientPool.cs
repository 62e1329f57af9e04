namespace FtpLite.Client;

/// <summary>
/// Runs transfers on up to <see cref="Size"/> connections at once: the given client first, then more opened
/// like it (same options, same working directory) as the work needs them. A connection that breaks is dropped
/// and replaced on demand. Disposing closes the extra connections, never the given one.
/// </summary>
public sealed class FtpClientPool : IAsyncDisposable
{
    private readonly FtpClient _primary;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<FtpClient> _idle = new();
    private readonly List<FtpClient> _extra = [];
    private readonly Lock _lock = new();
    private bool _primaryIdle = true;

    /// <summary>A pool around <paramref name="primary"/> of at most <paramref name="size"/> connections.</summary>
    public FtpClientPool(FtpClient primary, int size)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _primary = primary;
        Size = size;
        _slots = new SemaphoreSlim(size, size);
    }

    /// <summary>The most connections used at once.</summary>
    public int Size { get; }

    /// <summary>Runs <paramref name="job"/> on a free connection, waiting for one when all are busy.</summary>
    public async Task<T> RunAsync<T>(Func<FtpClient, CancellationToken, Task<T>> job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        FtpClient? client = null;
        try
        {
            client = Take() ?? await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await job(client, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (client is not null)
            {
                await GiveBackAsync(client).ConfigureAwait(false);
            }

            _slots.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<FtpClient> extra;
        lock (_lock)
        {
            extra = [.. _extra];
            _extra.Clear();
            _idle.Clear();
        }

        await Task.WhenAll(extra.Select(client => client.DisconnectAsync(CancellationToken.None))).ConfigureAwait(false);
        _slots.Dispose();
    }

    private FtpClient? Take()
    {
        lock (_lock)
        {
            if (_primaryIdle && _primary.IsConnected)
            {
                _primaryIdle = false;
                return _primary;
            }

            return _idle.Count > 0 ? _idle.Pop() : null;
        }
    }

    private async Task<FtpClient> OpenAsync(CancellationToken cancellationToken)
    {
        var client = await FtpClient.ConnectAsync(_primary.Options, cancellationToken).ConfigureAwait(false);
        try
        {
            if (client.WorkingDirectory != _primary.WorkingDirectory)
            {
                await client.ChangeDirectoryAsync(_primary.WorkingDirectory, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        lock (_lock)
        {
            _extra.Add(client);
        }

        return client;
    }

    private async Task GiveBackAsync(FtpClient client)
    {
        if (ReferenceEquals(client, _primary))
        {
            lock (_lock)
            {
                _primaryIdle = true;
            }

            return;
        }

        if (client.IsConnected)
        {
            lock (_lock)
            {
                _idle.Push(client);
            }

            return;
        }

        lock (_lock)
        {
            _extra.Remove(client);
        }

        await client.DisposeAsync().ConfigureAwait(false);
    }
}
