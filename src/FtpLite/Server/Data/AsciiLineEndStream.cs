namespace FtpLite.Server.Data;

/// <summary>
/// TYPE A (RFC 959 3.1.1.1): on the wire every line ends in CRLF, in the server's files in LF. A read-only
/// stream over another that converts line ends one way: LF to CRLF for RETR (a CRLF already in the file is
/// sent as it is), CRLF to LF for STOR and APPE (a CR not followed by LF is kept). Memory stays bounded
/// whatever the peer sends: one input and one output buffer.
/// </summary>
internal sealed class AsciiLineEndStream : Stream
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const int ChunkSize = 32 * 1024;

    private readonly Stream _inner;
    private readonly bool _toNetwork;
    private readonly byte[] _input = new byte[ChunkSize];

    // A chunk can double (every byte an LF) going to the network, or grow by the CR held back from the last one.
    private readonly byte[] _output = new byte[(2 * ChunkSize) + 1];
    private int _outputStart;
    private int _outputEnd;
    private bool _ended;

    // To the network: the last byte read was CR, so an LF after it already ends a CRLF.
    // From the network: a CR was read and held back until the next byte says whether it starts a CRLF.
    private bool _afterCr;

    private AsciiLineEndStream(Stream inner, bool toNetwork)
    {
        _inner = inner;
        _toNetwork = toNetwork;
    }

    /// <summary>Reads a stored file as the network sees it in TYPE A.</summary>
    public static AsciiLineEndStream ToNetwork(Stream file) => new(file, toNetwork: true);

    /// <summary>Reads what a TYPE A client sends as the file to store.</summary>
    public static AsciiLineEndStream FromNetwork(Stream network) => new(network, toNetwork: false);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_outputStart == _outputEnd && !_ended && buffer.Length > 0)
        {
            Convert(await _inner.ReadAsync(_input, cancellationToken).ConfigureAwait(false));
        }

        return Take(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        while (_outputStart == _outputEnd && !_ended && buffer.Length > 0)
        {
            Convert(_inner.Read(_input));
        }

        return Take(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Take(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _outputEnd - _outputStart);
        _output.AsSpan(_outputStart, count).CopyTo(buffer);
        _outputStart += count;
        return count;
    }

    /// <summary>Converts the <paramref name="read"/> bytes just read (0: the end) into the output buffer.</summary>
    private void Convert(int read)
    {
        var output = 0;
        if (read == 0)
        {
            _ended = true;
            if (!_toNetwork && _afterCr)
            {
                _output[output++] = Cr; // a lone CR at the very end is data
            }
        }

        foreach (var b in _input.AsSpan(0, read))
        {
            if (_toNetwork)
            {
                if (b == Lf && !_afterCr)
                {
                    _output[output++] = Cr;
                }

                _output[output++] = b;
                _afterCr = b == Cr;
                continue;
            }

            if (_afterCr)
            {
                _afterCr = false;
                if (b == Lf)
                {
                    _output[output++] = Lf;
                    continue;
                }

                _output[output++] = Cr;
            }

            if (b == Cr)
            {
                _afterCr = true;
            }
            else
            {
                _output[output++] = b;
            }
        }

        _outputStart = 0;
        _outputEnd = output;
    }
}
