using System.Buffers;
using System.Globalization;
using System.Text;

namespace FtpLite.Server;

/// <summary>Formats replies. Text from outside (file names) can never split a reply or forge a line.</summary>
internal static class FtpReplyWriter
{
    /// <summary>
    /// The longest text <see cref="FormatLine"/> takes (every reply but a few listings): it fits a pooled buffer of
    /// <see cref="MaxLineBytes"/>, so the usual replies cost no allocation.
    /// </summary>
    public const int MaxLineChars = 1024;

    private static readonly SearchValues<byte> s_lineBreaking = SearchValues.Create("\r\n\0"u8);

    /// <summary>Bytes a line of <see cref="MaxLineChars"/> can take: code, space, UTF-8 text, CRLF.</summary>
    public static readonly int MaxLineBytes = 4 + Encoding.UTF8.GetMaxByteCount(MaxLineChars) + 2;

    /// <summary>
    /// "code text\r\n" into <paramref name="destination"/> (at least <see cref="MaxLineBytes"/>), for a text of at
    /// most <see cref="MaxLineChars"/>; returns the bytes written. The same bytes as <see cref="FormatChunks"/>.
    /// </summary>
    public static int FormatLine(int code, string text, Span<byte> destination)
    {
        if (text.Length > MaxLineChars || destination.Length < MaxLineBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(text), "A reply line longer than MaxLineChars goes through FormatChunks.");
        }

        code.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        destination[written++] = (byte)' ';
        var body = destination[written..];
        var length = Encoding.UTF8.GetBytes(text, body);
        // In UTF-8 these three bytes stand only for the characters themselves, so replacing bytes here does what
        // AppendSafe does to characters.
        body[..length].ReplaceAny(s_lineBreaking, (byte)'?');
        written += length;
        destination[written++] = (byte)'\r';
        destination[written++] = (byte)'\n';
        return written;
    }

    /// <summary>
    /// "code text\r\n", or a multi-line reply when there are several lines, cut after whole lines into pieces of
    /// about <paramref name="chunkBytes"/>, so a long reply (STAT of a folder) never exists as one buffer.
    /// </summary>
    public static IEnumerable<byte[]> FormatChunks(int code, IReadOnlyList<string> lines, int chunkBytes)
    {
        var builder = new StringBuilder();
        var prefix = code.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < lines.Count; i++)
        {
            var last = i == lines.Count - 1;
            if (i == 0)
            {
                builder.Append(prefix).Append(last ? ' ' : '-');
            }
            else if (last)
            {
                builder.Append(prefix).Append(' ');
            }
            else
            {
                // Continuation lines start with a space so none can be read as the terminating line.
                builder.Append(' ');
            }

            AppendSafe(builder, lines[i]);
            builder.Append("\r\n");
            if (last || builder.Length >= chunkBytes)
            {
                yield return Encoding.UTF8.GetBytes(builder.ToString());
                builder.Clear();
            }
        }
    }

    private static void AppendSafe(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            builder.Append(c is '\r' or '\n' or '\0' ? '?' : c);
        }
    }
}
