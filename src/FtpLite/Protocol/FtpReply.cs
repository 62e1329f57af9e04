namespace FtpLite.Protocol;

/// <summary>Reads a value out of one line of a reply's text.</summary>
public delegate bool TryReadLine<T>(string line, out T value);

/// <summary>A complete reply from an FTP server: a three-digit code and one or more text lines.</summary>
public sealed class FtpReply
{
    /// <summary>Creates a reply.</summary>
    public FtpReply(int code, IReadOnlyList<string> lines)
    {
        Code = code;
        Lines = lines;
    }

    /// <summary>The three-digit reply code.</summary>
    public int Code { get; }

    /// <summary>The text of every line with the code and its separator removed.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The text of the reply: the lines joined with a newline.</summary>
    public string Message => string.Join('\n', Lines);

    /// <summary>
    /// The text of the final line. A multi-line reply (RFC 959 4.2) may open with a banner
    /// ("213-Computing SHA-256 digest") and give its answer on the line with the code and a space only:
    /// whatever a command's reply carries is read from here first.
    /// </summary>
    public string LastLine => Lines.Count == 0 ? string.Empty : Lines[^1];

    /// <summary>
    /// The first line, last line first, that <paramref name="read"/> makes sense of; false when none does.
    /// Servers put the answer on the last line, a few on the first: every line is tried, the last first.
    /// </summary>
    public bool TryRead<T>(TryReadLine<T> read, out T value)
    {
        ArgumentNullException.ThrowIfNull(read);
        for (var i = Lines.Count - 1; i >= 0; i--)
        {
            if (read(Lines[i].Trim(), out value))
            {
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>1yz: the action is starting; expect another reply.</summary>
    public bool IsPreliminary => Code is >= 100 and < 200;

    /// <summary>2yz: the action completed.</summary>
    public bool IsCompletion => Code is >= 200 and < 300;

    /// <summary>3yz: the command was accepted and the server waits for another.</summary>
    public bool IsIntermediate => Code is >= 300 and < 400;

    /// <summary>4yz or 5yz: the command failed.</summary>
    public bool IsFailure => Code >= 400;

    /// <inheritdoc />
    public override string ToString() => $"{Code} {Message}";
}
