using System.Globalization;
using System.Text;

namespace FtpLite.Server;

/// <summary>Formats replies. Text from outside (file names) can never split a reply or forge a line.</summary>
internal static class FtpReplyWriter
{
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
