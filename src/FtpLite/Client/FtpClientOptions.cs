using System.Net;

namespace FtpLite.Client;

/// <summary>Where and how an <see cref="FtpClient"/> connects.</summary>
public sealed class FtpClientOptions
{
    /// <summary>FtpLite's default host, the one the original program served on.</summary>
    public const string DefaultHost = "127.0.0.1";

    /// <summary>FtpLite's default port.</summary>
    public const int DefaultPort = 1452;

    /// <summary>Host name or IP address of the server.</summary>
    public string Host { get; init; } = DefaultHost;

    /// <summary>Control port of the server.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>User and password; null logs in anonymously.</summary>
    public NetworkCredential? Credential { get; init; }

    /// <summary>How long to wait for a connection, a reply or any progress of a transfer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Plain FTP, explicit FTPS (AUTH TLS) or implicit FTPS.</summary>
    public FtpEncryption Encryption { get; init; } = FtpEncryption.None;

    /// <summary>Accept the server's certificate only if its SHA-1 or SHA-256 thumbprint is this (hex).</summary>
    public string? CertificateThumbprint { get; init; }

    /// <summary>Accept any certificate. The only way to skip validation; never the default.</summary>
    public bool SkipCertificateCheck { get; init; }

    /// <summary>
    /// Open passive data connections to the address a PASV reply names rather than to the control connection's
    /// (curl's --no-ftp-skip-pasv-ip): for FTP nodes behind a load balancer that forwards the control port only.
    /// Off by default, so a server cannot send data connections elsewhere.
    /// </summary>
    public bool UsePassiveAddress { get; init; }

    /// <summary>
    /// Once EPSV has worked, send each data command in the same write as its EPSV (one round trip a file less).
    /// On by default. A server that drops such a command is noticed after a second of silence and gets each
    /// command alone from then on; turn this off for a server that needs it from the start.
    /// </summary>
    public bool PipelineCommands { get; init; } = true;

    /// <summary>
    /// Most entries one listing may hold, and a recursive walk in all; more is an
    /// <see cref="FtpLimitExceededException"/>, so an endless listing cannot grow memory without bound.
    /// </summary>
    public int MaxListingEntries { get; init; } = 1_000_000;

    /// <summary>Size of the buffer each transfer copies through.</summary>
    public int TransferBufferSize { get; init; } = 256 * 1024;

    /// <summary>The user name sent when <see cref="Credential"/> is null.</summary>
    public const string AnonymousUser = "anonymous";
}
