namespace FtpLite.Protocol;

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
