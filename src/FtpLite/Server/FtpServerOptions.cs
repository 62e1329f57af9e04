using System.Net;
using System.Security.Cryptography.X509Certificates;
using FtpLite.FileSystem;

namespace FtpLite.Server;

/// <summary>What anonymous users ("anonymous" or "ftp", any password) may do.</summary>
public enum FtpAnonymousAccess
{
    /// <summary>No anonymous logins.</summary>
    None,

    /// <summary>List and download only.</summary>
    ReadOnly,

    /// <summary>Everything a named user can do.</summary>
    ReadWrite,
}

/// <summary>How an <see cref="FtpServer"/> listens and what it serves.</summary>
public sealed class FtpServerOptions
{
    /// <summary>The address to listen on; loopback by default.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The control port; 0 picks a free one.</summary>
    public int Port { get; init; } = Client.FtpClientOptions.DefaultPort;

    /// <summary>What the server serves.</summary>
    public required IFtpFileSystem FileSystem { get; init; }

    /// <summary>
    /// The server disposes <see cref="FileSystem"/> (when it is disposable: an S3 client and its connections) once
    /// it has stopped, including a server that never started. False by default: a file system handed in stays
    /// its caller's.
    /// </summary>
    public bool OwnsFileSystem { get; init; }

    /// <summary>Named users and their passwords.</summary>
    public IReadOnlyList<NetworkCredential> Users { get; init; } = [];

    /// <summary>
    /// Anonymous access. Null chooses the safe default: read-write when no users are configured and the
    /// server listens on loopback only (a local development server), none otherwise.
    /// </summary>
    public FtpAnonymousAccess? AnonymousAccess { get; init; }

    /// <summary>
    /// How long a failed login waits before its 530, to slow down password guessing. It doubles with every
    /// earlier failure of the same address or account (up to 16 times) while failures are remembered.
    /// </summary>
    public TimeSpan FailedLoginDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed logins from one IP address (an IPv6 /64) after which it is banned; 0 never bans.</summary>
    public int LoginBanThreshold { get; init; } = 10;

    /// <summary>
    /// How long a banned address stays banned (its connections get 421), and how long failures are
    /// remembered after the last one.
    /// </summary>
    public TimeSpan LoginBanDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The clock bans and failure counts are measured with; tests give a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Failed logins after which the connection is dropped (421).</summary>
    public int MaxLoginFailures { get; init; } = 3;

    /// <summary>Connections served at once; one more gets 421 and is closed.</summary>
    public int MaxConnections { get; init; } = 500;

    /// <summary>Connections served at once from one IP address; one more gets 421 and is closed.</summary>
    public int MaxConnectionsPerIP { get; init; } = 250;

    /// <summary>
    /// Connections from one IP address that have not logged in yet; one more gets 421 and is closed. Keeps a
    /// few hostile addresses from filling <see cref="MaxConnections"/> with connections that never log in.
    /// </summary>
    public int MaxPendingLoginsPerIP { get; init; } = 64;

    /// <summary>
    /// How long a connection may take to log in, counted from its connection: NOOP or any other command does
    /// not extend it. A connection still not logged in then gets 421 and is closed.
    /// </summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The IPv4 address PASV advertises, for a server behind NAT. Null advertises the address the client
    /// connected to (never 0.0.0.0).
    /// </summary>
    public IPAddress? PassiveAddress { get; init; }

    /// <summary>The ports passive data connections listen on, e.g. 50000-50100 for a firewall; null for any free port.</summary>
    public (int First, int Last)? PassivePortRange { get; init; }

    /// <summary>
    /// Load balancers (addresses and networks) whose connections begin with a PROXY protocol header (v1 or v2,
    /// as HAProxy's send-proxy and send-proxy-v2 send), naming the real client: its address then counts for the
    /// per-address limits, bans, logs and the passive-connection check. A listed address that sends no valid
    /// header, and an unlisted one that sends a header, are refused. Empty by default: no header is accepted.
    /// </summary>
    public Proxy.BalancerList ProxyProtocolFrom { get; init; } = Proxy.BalancerList.None;

    /// <summary>How long a listed balancer has to send its whole PROXY header once connected.</summary>
    public TimeSpan ProxyHeaderTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The certificate (with its private key) for FTPS; null serves plain FTP only.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>A second port where every connection starts with TLS (implicit FTPS); null for none, 0 for a free one.</summary>
    public int? ImplicitTlsPort { get; init; }

    /// <summary>Refuse logins and data connections that are not encrypted.</summary>
    public bool RequireTls { get; init; }

    /// <summary>Longest command line accepted, in bytes; longer ones get "500 Command too long".</summary>
    public int MaxCommandLength { get; init; } = 2048;

    /// <summary>A control connection that sends nothing for this long is closed with 421.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a data connection may take to open, or stall while open.</summary>
    public TimeSpan DataTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Size of the buffer each data transfer copies through.</summary>
    public int TransferBufferSize { get; init; } = 256 * 1024;

    /// <summary>A file to append every event to, one JSON object per line; null for none.</summary>
    public string? LogPath { get; init; }

    /// <summary>
    /// An account file (see <see cref="Accounts.FtpAccountFile"/>): users with their own home folders, mounts,
    /// rights and limits, read again whenever it changes. Null for none.
    /// </summary>
    public string? AccountPath { get; init; }

    /// <summary>Receives what happens on the server; called from many threads at once.</summary>
    public Action<FtpServerEvent>? Log { get; init; }
}
