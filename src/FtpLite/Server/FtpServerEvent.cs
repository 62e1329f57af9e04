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
}

/// <summary>One thing that happened on a server. Never holds a password.</summary>
/// <param name="TimeUtc">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A readable account of it.</param>
/// <param name="RemoteEndPoint">The client, when there is one.</param>
/// <param name="UserName">The logged-in user, when there is one.</param>
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
    /// <summary>
    /// One line for a console (an information record shows this): names from clients come with control
    /// characters escaped (<see cref="ConsoleText"/>). The properties keep the exact text.
    /// </summary>
    public override string ToString() => ConsoleText.Escape(
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{TimeUtc:O} {Kind}: {Message}"));
}
