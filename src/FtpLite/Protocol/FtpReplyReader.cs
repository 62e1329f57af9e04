using System.Globalization;

namespace FtpLite.Protocol;

/// <summary>Reads whole replies (single or multi-line) from a server's control connection.</summary>
internal sealed class FtpReplyReader
{
    /// <summary>A reply longer than this many lines is a broken or hostile server.</summary>
    public const int MaxReplyLines = 10_000;

    private readonly FtpLineReader _lines;

    public FtpReplyReader(FtpLineReader lines) => _lines = lines;

    public async ValueTask<FtpReply> ReadAsync(CancellationToken cancellationToken)
    {
        var first = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (!TryParseCode(first, out var code, out var multiLine))
        {
            throw new FtpProtocolException($"The server sent a line that is not an FTP reply: '{Excerpt(first)}'.");
        }

        var lines = new List<string> { first.Length > 4 ? first[4..] : string.Empty };
        if (!multiLine)
        {
            return new FtpReply(code, lines);
        }

        var terminator = first[..3];
        while (true)
        {
            if (lines.Count >= MaxReplyLines)
            {
                throw new FtpProtocolException($"The server sent a reply of more than {MaxReplyLines} lines.");
            }

            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line.StartsWith(terminator, StringComparison.Ordinal) && (line.Length == 3 || line[3] == ' '))
            {
                lines.Add(line.Length > 4 ? line[4..] : string.Empty);
                return new FtpReply(code, lines);
            }

            // Continuation lines may repeat the code with '-' (e.g. "211-"); strip it.
            lines.Add(line.Length > 3 && line[3] == '-' && line.StartsWith(terminator, StringComparison.Ordinal) ? line[4..] : line);
        }
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var (status, text) = await _lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return status switch
        {
            LineReadStatus.Line => text,
            LineReadStatus.TooLong => throw new FtpProtocolException("The server sent a reply line longer than the limit."),
            _ => throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, "The server closed the control connection."),
        };
    }

    internal static bool TryParseCode(string line, out int code, out bool multiLine)
    {
        code = 0;
        multiLine = false;
        if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2]))
        {
            return false;
        }

        if (line.Length > 3 && line[3] != ' ' && line[3] != '-')
        {
            return false;
        }

        code = int.Parse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
        multiLine = line.Length > 3 && line[3] == '-';
        return code is >= 100 and < 600;
    }

    /// <summary>A short, printable excerpt of untrusted text for an error message.</summary>
    internal static string Excerpt(string text)
    {
        var cut = text.Length > 80 ? text[..80] + "..." : text;
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
