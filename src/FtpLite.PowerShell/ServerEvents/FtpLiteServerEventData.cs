using System.Net;
using FtpLite.Server;

namespace FtpLite.PowerShell.ServerEvents;

/// <summary>
/// What a Start-FtpLiteServer event handler (-OnUpload { param($e) ... }) and an engine event (FtpLite.Upload,
/// $Event.MessageData) receive: who did what to which path, from where, when, and how much.
/// </summary>
public sealed class FtpLiteServerEventData
{
    internal FtpLiteServerEventData(string name, FtpServerEvent serverEvent, Uri server)
    {
        Name = name;
        Event = serverEvent;
        Server = server;
    }

    /// <summary>Upload, Download, Delete, Rename, Login or LoginFailed: the handler's name without "On".</summary>
    public string Name { get; }

    /// <summary>The user; for LoginFailed the name that was tried.</summary>
    public string? User => Event.UserName;

    /// <summary>The remote path (for Rename, the new one).</summary>
    public string? Path => Event.Path;

    /// <summary>For Rename: the old path.</summary>
    public string? FromPath => Event.FromPath;

    /// <summary>Bytes transferred, for Upload and Download.</summary>
    public long? Size => Event.Bytes;

    /// <summary>How long the transfer took, for Upload and Download.</summary>
    public TimeSpan? Duration => Event.Duration;

    /// <summary>The client's IP address.</summary>
    public IPAddress? ClientAddress => Event.RemoteEndPoint?.Address;

    /// <summary>The client's port.</summary>
    public int? ClientPort => Event.RemoteEndPoint?.Port;

    /// <summary>When it happened, in UTC.</summary>
    public DateTime Time => Event.TimeUtc;

    /// <summary>The server's address (ftp://host:port/).</summary>
    public Uri Server { get; }

    /// <summary>The server's own event, with its message and kind.</summary>
    public FtpServerEvent Event { get; }

    /// <inheritdoc />
    public override string ToString() => Event.ToString();
}
