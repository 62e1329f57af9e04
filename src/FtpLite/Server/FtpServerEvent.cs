using System.Net;

namespace FtpLite.Server;

/// <summary>Kinds of things a server reports.</summary>
public enum FtpServerEventKind
{
    /// <summary>The server started listening.</summary>
    Started,

    /// <summary>The server stopped.</summary>
    Stopped,

    /// <summary>A client connected.</summary>
    Connected,

    /// <summary>A client disconnected.</summary>
    Disconnected,

    /// <summary>A connection was refused (limits).</summary>
    Rejected,

    /// <summary>A user logged in.</summary>
    LoginSucceeded,

    /// <summary>A login failed.</summary>
    LoginFailed,

    /// <summary>A file was downloaded.</summary>
    Download,

    /// <summary>A directory listing was sent.</summary>
    Listing,

    /// <summary>A file was uploaded.</summary>
    Upload,

    /// <summary>A transfer failed or was aborted.</summary>
    TransferFailed,

    /// <summary>A file or directory was deleted, created or renamed.</summary>
    Changed,

    /// <summary>An unexpected error, answered with a generic reply.</summary>
    Error,

    /// <summary>An address was banned after too many failed logins.</summary>
    Banned,

    /// <summary>The server stopped accepting and waits for running transfers (a stop with a grace period).</summary>
    Stopping,

    /// <summary>An event handler of the host (Start-FtpLiteServer -OnUpload and the like) failed or was dropped.</summary>
    HandlerFailed,
}

/// <summary>What a <see cref="FtpServerEventKind.Changed"/> event changed.</summary>
public enum FtpServerChange
{
    /// <summary>A file was deleted (DELE).</summary>
    Deleted,

    /// <summary>A folder was removed (RMD).</summary>
    FolderRemoved,

    /// <summary>A file or folder was renamed or moved (RNFR, RNTO); <see cref="FtpServerEvent.FromPath"/> is the old path.</summary>
    Renamed,

    /// <summary>A folder was created (MKD).</summary>
    FolderCreated,

    /// <summary>A file's modification time was set (MFMT).</summary>
    TimeSet,
}

/// <summary>One thing that happened on a server. Never holds a password.</summary>
/// <param name="TimeUtc">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A readable account of it.</param>
/// <param name="RemoteEndPoint">The client, when there is one.</param>
/// <param name="UserName">The logged-in user, when there is one; for a failed login, the name that was tried.</param>
/// <param name="Path">The remote path involved, when there is one.</param>
/// <param name="Bytes">Bytes moved, for transfers.</param>
public sealed record FtpServerEvent(
    DateTime TimeUtc,
    FtpServerEventKind Kind,
    string Message,
    IPEndPoint? RemoteEndPoint = null,
    string? UserName = null,
    string? Path = null,
    long? Bytes = null)
{
    /// <summary>How long a transfer took, from its data connection's opening to its end.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>For <see cref="FtpServerEventKind.Changed"/>: what changed.</summary>
    public FtpServerChange? Change { get; init; }

    /// <summary>For a rename: the old path (<see cref="Path"/> is the new one).</summary>
    public string? FromPath { get; init; }

    /// <summary>
    /// One line for a console (an information record shows this): names from clients come with control
    /// characters escaped (<see cref="ConsoleText"/>). The properties keep the exact text.
    /// </summary>
    public override string ToString() => ConsoleText.Escape(
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{TimeUtc:O} {Kind}: {Message}"));
}
