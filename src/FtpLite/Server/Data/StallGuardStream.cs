using FtpLite.IO;

namespace FtpLite.Server.Data;

/// <summary>
/// Passes reads and writes through to a data connection and restarts the stall timeout after each one, so a
/// transfer may take as long as it needs but not sit still longer than the timeout.
/// </summary>
internal sealed class StallGuardStream(Stream inner, CancellationTokenSource stall, TimeSpan timeout) : PassThroughStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        stall.CancelAfter(timeout);
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        stall.CancelAfter(timeout);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Use ReadAsync.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Use WriteAsync.");
}
