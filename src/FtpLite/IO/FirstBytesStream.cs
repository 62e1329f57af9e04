namespace FtpLite.IO;

/// <summary>
/// Passes reads and writes through to another stream and keeps a copy of the first bytes read, so that a
/// failed TLS handshake can say what the peer sent instead (a plain "220 " greeting means the port speaks
/// plain FTP, not implicit TLS).
/// </summary>
internal sealed class FirstBytesStream(Stream inner, int keep) : PassThroughStream(inner)
{
    private readonly byte[] _first = new byte[keep];
    private int _kept;

    /// <summary>The first bytes read, at most the number asked for.</summary>
    public ReadOnlySpan<byte> FirstBytes => _first.AsSpan(0, _kept);

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, Inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Keep(buffer.Span[..read]);
    }

    public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Inner.WriteAsync(buffer, cancellationToken);

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
