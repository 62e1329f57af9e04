using System.Net;

namespace FtpLite.Server;

/// <summary>
/// One client connected to a server, as an administrator sees it: who, from where, since when, and what it is
/// transferring now. A snapshot: <see cref="FtpServer.Sessions"/> gives fresh ones.
/// </summary>
public sealed class FtpServerSession
{
    internal FtpServerSession(FtpServer server, FtpConnection connection)
    {
        Server = server;
        Id = connection.Id;
        UserName = connection.UserName;
        RemoteEndPoint = connection.RemoteEndPoint;
        ConnectedUtc = connection.ConnectedUtc;
        Transfer = connection.CurrentTransfer;
    }

    /// <summary>The server the session belongs to.</summary>
    public FtpServer Server { get; }

    /// <summary>The session's number on its server, counted from 1 since the server started.</summary>
    public long Id { get; }

    /// <summary>The logged-in user; null before login.</summary>
    public string? UserName { get; }

    /// <summary>The client's address and port.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>When the client connected, in UTC.</summary>
    public DateTime ConnectedUtc { get; }

    /// <summary>The transfer running when the snapshot was taken ("Upload /in/order.csv"); null when idle.</summary>
    public string? Transfer { get; }

    /// <summary>
    /// Ends the session and waits until it is gone: a running transfer is cut (an upload leaves nothing) and the
    /// client is told 421. False when the session had ended already.
    /// </summary>
    public Task<bool> StopAsync() => Server.StopSessionAsync(Id);

    /// <inheritdoc />
    public override string ToString() => $"{Id} {UserName ?? "(not logged in)"} from {RemoteEndPoint}";
}
