namespace FtpLite.FileSystem;

/// <summary>
/// One asynchronous lock per path, created on first use and dropped when nobody holds or waits for it, so
/// appends to one file run one after another (two appends that both start from the old end would lose one).
/// </summary>
internal sealed class PathLocks
{
    private readonly Dictionary<string, Gate> _gates = new(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparer.OrdinalIgnoreCase
        : StringComparer.Ordinal);

    /// <summary>Waits for the path's lock; disposing the result releases it.</summary>
    public async Task<IDisposable> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(path, out gate!))
            {
                _gates[path] = gate = new Gate();
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(path, gate, held: false);
            throw;
        }

        return new Holder(this, path, gate);
    }

    private void Leave(string path, Gate gate, bool held)
    {
        if (held)
        {
            gate.Semaphore.Release();
        }

        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(path);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Holder(PathLocks owner, string path, Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Leave(path, gate, held: true);
            }
        }
    }
}
