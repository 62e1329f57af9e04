using FtpLite.IO;

namespace FtpLite.Server.Accounts;

/// <summary>
/// A stream that moves at most a given number of bytes per second, on average since its first byte: after each
/// read or write it waits until the bytes so far are due. Reads are cut to a tenth of a second's worth, so the
/// rate holds from the first second on. The wait runs on a <see cref="TimeProvider"/>, so a test can check the
/// throttle without waiting for it.
/// </summary>
internal sealed class ThrottledStream(Stream inner, long bytesPerSecond, TimeProvider time) : PassThroughStream(inner)
{
    private readonly int _slice = (int)Math.Clamp(bytesPerSecond / 10, 1024, 1024 * 1024);
    private long _start = -1;
    private long _bytes;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Begin();
        var read = await Inner.ReadAsync(buffer[..Math.Min(buffer.Length, _slice)], cancellationToken).ConfigureAwait(false);
        await PaceAsync(read, cancellationToken).ConfigureAwait(false);
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Begin();
        while (!buffer.IsEmpty)
        {
            var piece = buffer[..Math.Min(buffer.Length, _slice)];
            await Inner.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
            await PaceAsync(piece.Length, cancellationToken).ConfigureAwait(false);
            buffer = buffer[piece.Length..];
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Begin()
    {
        if (_start < 0)
        {
            _start = time.GetTimestamp();
        }
    }

    private Task PaceAsync(int count, CancellationToken cancellationToken)
    {
        _bytes += count;
        var due = TimeSpan.FromSeconds((double)_bytes / bytesPerSecond);
        var early = due - time.GetElapsedTime(_start);
        return early > TimeSpan.Zero ? Task.Delay(early, time, cancellationToken) : Task.CompletedTask;
    }
}
