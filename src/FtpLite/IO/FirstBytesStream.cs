namespace FtpLite.IO;

/// <summary>
/// Passes reads and writes through to another stream and keeps a copy of the first bytes read, so that a
/// failed TLS handshake can say what the peer sent instead (a plain "220 " greeting means the port speaks
/// plain FTP, not implicit TLS).
/// </summary>
internal sealed class FirstBytesStream(Stream inner, int keep) : Stream
{
    private readonly byte[] _first = new byte[keep];
    private int _kept;

    /// <summary>The first bytes read, at most the number asked for.</summary>
    public ReadOnlySpan<byte> FirstBytes => _first.AsSpan(0, _kept);

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Keep(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private int Keep(ReadOnlySpan<byte> read)
    {
        var room = _first.Length - _kept;
        if (room > 0)
        {
            var copied = Math.Min(room, read.Length);
            read[..copied].CopyTo(_first.AsSpan(_kept));
            _kept += copied;
        }

        return read.Length;
    }
}
