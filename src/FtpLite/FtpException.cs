namespace FtpLite;

/// <summary>The base of every error FtpLite raises about an FTP conversation.</summary>
public class FtpException : Exception
{
    /// <summary>Creates an error with a message.</summary>
    public FtpException(string message) : base(message) { }

    /// <summary>Creates an error with a message and its cause.</summary>
    public FtpException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>The server answered a command with a failure reply (4yz or 5yz) or an unexpected one.</summary>
public class FtpCommandException : FtpException
{
    /// <summary>Creates an error from the command that failed and the reply it got.</summary>
    public FtpCommandException(string command, int replyCode, string replyText, string? message = null)
        : base(message ?? $"The server refused {command}: {replyCode} {replyText}")
    {
        Command = command;
        ReplyCode = replyCode;
        ReplyText = replyText;
    }

    /// <summary>The command verb that failed (never its argument when that is a password).</summary>
    public string Command { get; }

    /// <summary>The three-digit reply code, e.g. 550.</summary>
    public int ReplyCode { get; }

    /// <summary>The server's reply text.</summary>
    public string ReplyText { get; }

    /// <summary>True for a 4yz reply: the same command may succeed later.</summary>
    public bool IsTransient => ReplyCode is >= 400 and < 500;
}

/// <summary>The server rejected the user name or password.</summary>
public sealed class FtpAuthenticationException : FtpCommandException
{
    /// <summary>Creates a login error.</summary>
    public FtpAuthenticationException(string userName, int replyCode, string replyText)
        : base("PASS", replyCode, replyText, $"The server rejected the login of user '{userName}': {replyCode} {replyText}")
    {
        UserName = userName;
    }

    /// <summary>The user name that was rejected.</summary>
    public string UserName { get; }
}

/// <summary>A remote file or directory does not exist.</summary>
public sealed class FtpItemNotFoundException : FtpException
{
    /// <summary>Creates a not-found error for a remote path.</summary>
    public FtpItemNotFoundException(string path, string? detail = null)
        : base(detail is null ? $"Remote item '{path}' was not found." : $"Remote item '{path}' was not found: {detail}")
    {
        Path = path;
    }

    /// <summary>The remote path.</summary>
    public string Path { get; }
}

/// <summary>A transfer would replace an existing file and overwriting was not asked for.</summary>
public sealed class FtpDestinationExistsException : FtpException
{
    /// <summary>Creates the error for a destination path.</summary>
    public FtpDestinationExistsException(string path, bool isRemote)
        : base($"The {(isRemote ? "remote" : "local")} file '{path}' already exists. Use -Force to overwrite it.")
    {
        Path = path;
        IsRemote = isRemote;
    }

    /// <summary>The path that exists.</summary>
    public string Path { get; }

    /// <summary>True when the destination is on the server.</summary>
    public bool IsRemote { get; }
}

/// <summary>Why a connection could not be made or was lost.</summary>
public enum FtpConnectionFailure
{
    /// <summary>The host name does not resolve.</summary>
    HostNotFound,

    /// <summary>Nothing listens at the address and port.</summary>
    ConnectionRefused,

    /// <summary>The connection broke or the server closed it.</summary>
    ConnectionLost,

    /// <summary>The server said it cannot serve now (421).</summary>
    ServiceUnavailable,

    /// <summary>The port accepted the connection but sent no FTP greeting in time.</summary>
    NoGreeting,
}

/// <summary>A connection could not be opened or was lost.</summary>
public sealed class FtpConnectionException : FtpException
{
    /// <summary>Creates a connection error.</summary>
    public FtpConnectionException(FtpConnectionFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>What went wrong.</summary>
    public FtpConnectionFailure Failure { get; }
}

/// <summary>The server broke the protocol: a line that is not a reply, a reply too long, a bad address.</summary>
public sealed class FtpProtocolException : FtpException
{
    /// <summary>Creates a protocol error.</summary>
    public FtpProtocolException(string message) : base(message) { }
}

/// <summary>The server did not answer, or a transfer made no progress, within the time allowed.</summary>
public sealed class FtpTimeoutException : FtpException
{
    /// <summary>Creates a timeout error.</summary>
    public FtpTimeoutException(string message, Exception? innerException = null) : base(message, innerException) { }
}

/// <summary>A remote item is of the wrong kind for the operation (a directory where a file is needed).</summary>
public sealed class FtpItemTypeException : FtpException
{
    /// <summary>Creates the error.</summary>
    public FtpItemTypeException(string path, string problem) : base($"Remote item '{path}' {problem}.")
    {
        Path = path;
    }

    /// <summary>The remote path.</summary>
    public string Path { get; }
}

/// <summary>TLS failed: the server's certificate was refused, or the handshake broke.</summary>
public sealed class FtpSecurityException : FtpException
{
    /// <summary>Creates the error.</summary>
    public FtpSecurityException(string message, Exception? innerException = null) : base(message, innerException) { }
}

/// <summary>The server lacks a feature the operation needs (HASH, for instance).</summary>
public sealed class FtpNotSupportedException : FtpException
{
    /// <summary>Creates the error.</summary>
    public FtpNotSupportedException(string message) : base(message) { }
}

/// <summary>A transferred file's hash or size differs from the source's.</summary>
public sealed class FtpVerificationException : FtpException
{
    /// <summary>Creates the error.</summary>
    public FtpVerificationException(string path, string expected, string actual, string what)
        : base($"Verification of '{path}' failed: the {what} is {actual}, expected {expected}.")
    {
        Path = path;
    }

    /// <summary>The remote path that failed verification.</summary>
    public string Path { get; }
}

/// <summary>A directory to delete still has entries, and a recursive delete was not asked for.</summary>
public sealed class FtpDirectoryNotEmptyException : FtpException
{
    /// <summary>Creates the error.</summary>
    public FtpDirectoryNotEmptyException(string path)
        : base($"The remote directory '{path}' is not empty. Use -Recurse to delete it with everything in it.")
    {
        Path = path;
    }

    /// <summary>The remote directory.</summary>
    public string Path { get; }
}
