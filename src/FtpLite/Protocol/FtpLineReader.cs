using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace FtpLite.Protocol;

/// <summary>Takes one line of a stream as raw bytes, valid only during the call.</summary>
internal delegate void LineBytesHandler(ReadOnlySpan<byte> line);

/// <summary>
/// Reads LF- or CRLF-terminated lines from a control connection. A line longer than the limit is
/// reported as <see cref="LineReadStatus.TooLong"/> as soon as it passes the limit, and the rest of it is
/// skipped, so a peer can never make the reader buffer without bound.
/// </summary>
internal sealed class FtpLineReader
{
    private const byte Iac = 0xFF;

    private readonly int _maxLineLength;
    private readonly bool _stripTelnet;
    private readonly bool _releaseBufferWhenIdle;
    private readonly int _bufferSize;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _discarding;

    /// <param name="stream">The control stream.</param>
    /// <param name="maxLineLength">Longest line, in bytes, without its terminator.</param>
    /// <param name="stripTelnet">Remove Telnet IAC sequences (clients send IAC IP/DM before ABOR).</param>
    /// <param name="releaseBufferWhenIdle">
    /// Wait for data with a zero-byte read and hand the buffer back to the pool between lines, so an idle
    /// connection holds no buffer. Only for sockets and TLS streams, which support zero-byte reads.
    /// </param>
    /// <param name="bufferSize">
    /// Bytes read at a time (at most the line limit): small for a control connection, large for a listing's
    /// data connection, where each read is a system call.
    /// </param>
    public FtpLineReader(Stream stream, int maxLineLength, bool stripTelnet, bool releaseBufferWhenIdle, int bufferSize = 4096)
    {
        _bufferSize = Math.Min(maxLineLength + 2, bufferSize);
        Stream = stream;
        _maxLineLength = maxLineLength;
        _stripTelnet = stripTelnet;
        _releaseBufferWhenIdle = releaseBufferWhenIdle;
    }

    /// <summary>The stream read from; replaced when the connection is upgraded to TLS.</summary>
    public Stream Stream { get; set; }

    /// <summary>True when bytes past the last line are already buffered (must be false before a TLS upgrade).</summary>
    public bool HasBufferedData => _end > _start;

    /// <summary>
    /// Drops whatever was read past the last line. Called when a connection switches to TLS: plaintext sent
    /// after AUTH TLS must never be taken as commands (STARTTLS command injection).
    /// </summary>
    public void DiscardBuffered()
    {
        _start = _end = 0;
        _discarding = false;
        ReleaseIfEmpty();
    }

    // Pooled: each command that has to wait for its line would otherwise leave a state machine behind as garbage.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(LineReadStatus Status, string Text)> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_buffer is not null)
            {
                var window = _buffer.AsSpan(_start, _end - _start);
                var newline = window.IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var lineBytes = window[..newline];
                    _start += newline + 1;
                    if (_discarding)
                    {
                        // The end of a line already reported as too long.
                        _discarding = false;
                        ReleaseIfEmpty();
                        continue;
                    }

                    if (lineBytes.Length > _maxLineLength + 1)
                    {
                        ReleaseIfEmpty();
                        return (LineReadStatus.TooLong, string.Empty);
                    }

                    var text = Decode(lineBytes);
                    ReleaseIfEmpty();
                    return (LineReadStatus.Line, text);
                }

                if (_discarding || window.Length > _maxLineLength)
                {
                    // Keep nothing of an overlong line: report it at once, then skip to its end.
                    var first = !_discarding;
                    _discarding = true;
                    _start = _end = 0;
                    if (first)
                    {
                        return (LineReadStatus.TooLong, string.Empty);
                    }
                }
            }

            if (_buffer is null && _releaseBufferWhenIdle)
            {
                await Stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            }

            EnsureSpace();
            var read = await Stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _start = _end = 0;
                ReleaseIfEmpty();
                return (LineReadStatus.EndOfStream, string.Empty);
            }

            _end += read;
        }
    }

    /// <summary>
    /// Reads to the end of the stream and hands every line to <paramref name="onLine"/> as raw bytes (without its
    /// CR LF; no Telnet handling), a buffer's worth of lines per read and no string made here: for a listing's
    /// data connection, where thousands of lines arrive at once. A last line without LF is handed over too.
    /// </summary>
    /// <returns>False, and nothing more read, when a line passes the limit.</returns>
    public async Task<bool> ReadLinesToEndAsync(LineBytesHandler onLine, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (_buffer is not null && !HandBufferedLines(onLine))
                {
                    return false;
                }

                EnsureSpace();
                var read = await Stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (_end > _start)
                    {
                        onLine(WithoutCarriageReturn(_buffer.AsSpan(_start, _end - _start)));
                    }

                    return true;
                }

                _end += read;
            }
        }
        finally
        {
            _start = _end = 0;
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }
    }

    /// <summary>Hands over the complete lines in the buffer; false when a line, complete or not, is over the limit.</summary>
    private bool HandBufferedLines(LineBytesHandler onLine)
    {
        var window = _buffer.AsSpan(_start, _end - _start);
        var consumed = 0;
        int newline;
        while ((newline = window[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            if (newline > _maxLineLength + 1)
            {
                return false;
            }

            onLine(WithoutCarriageReturn(window.Slice(consumed, newline)));
            consumed += newline + 1;
        }

        _start += consumed;
        return _end - _start <= _maxLineLength;
    }

    private static ReadOnlySpan<byte> WithoutCarriageReturn(ReadOnlySpan<byte> line) =>
        !line.IsEmpty && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void EnsureSpace()
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(_bufferSize);

        // Move the unread tail to the front before the free space gets small: reads into a few bytes at the
        // end of the buffer would each cost a system call for almost nothing.
        if (_end < _buffer.Length && (_start == 0 || _buffer.Length - _end >= _buffer.Length / 4))
        {
            return;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            return;
        }

        // A line longer than the first buffer but within the limit: grow once to fit it.
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _maxLineLength + 2));
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void ReleaseIfEmpty()
    {
        if (_start == _end)
        {
            _start = _end = 0;
            if (_releaseBufferWhenIdle && _buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }
    }

    private string Decode(ReadOnlySpan<byte> line)
    {
        line = WithoutCarriageReturn(line);
        if (!_stripTelnet || line.IndexOf(Iac) < 0)
        {
            return Encoding.UTF8.GetString(line);
        }

        var cleaned = new byte[line.Length];
        var length = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != Iac)
            {
                cleaned[length++] = line[i];
            }
            else if (i + 1 < line.Length && line[i + 1] == Iac)
            {
                cleaned[length++] = Iac;
                i++;
            }
            else if (i + 1 < line.Length && line[i + 1] is >= 0xFB and <= 0xFE)
            {
                i += 2; // WILL/WONT/DO/DONT carry an option byte
            }
            else
            {
                i++; // IP, DM, and the other two-byte commands
            }
        }

        return Encoding.UTF8.GetString(cleaned, 0, length);
    }
}
