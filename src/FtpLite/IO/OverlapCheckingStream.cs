namespace FtpLite.IO;

/// <summary>
/// The write side of a download resumed a little before its resume point: the first bytes that arrive are
/// compared with what the local file already holds there (<paramref name="expected"/>), and only what follows
/// them is written. A difference throws <see cref="InvalidDataException"/>: the local file is not a piece of
/// the remote one, and resuming would splice two files together.
/// </summary>
internal sealed class OverlapCheckingStream(Stream target, byte[] expected) : Stream
{
    private int _compared;

    /// <summary>True once every overlapping byte arrived and matched.</summary>
    public bool Confirmed => _compared == expected.Length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var rest = Compare(buffer.Span);
        if (rest < buffer.Length)
        {
            await target.WriteAsync(buffer[rest..], cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        var rest = Compare(buffer.AsSpan(offset, count));
        target.Write(buffer, offset + rest, count - rest);
    }

    public override void Flush() => target.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => target.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Compares what of <paramref name="bytes"/> overlaps; returns how many bytes that was.</summary>
    private int Compare(ReadOnlySpan<byte> bytes)
    {
        var count = Math.Min(bytes.Length, expected.Length - _compared);
        if (!bytes[..count].SequenceEqual(expected.AsSpan(_compared, count)))
        {
            throw new InvalidDataException("The bytes before the resume point differ from the local file's.");
        }

        _compared += count;
        return count;
    }
}
