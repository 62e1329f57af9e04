using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace FtpLite.Server;

/// <summary>How the server speaks TLS: the certificate, TLS 1.2 or newer only, and a bounded handshake.</summary>
internal static class TlsSettings
{
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    public static SslServerAuthenticationOptions ServerOptions(SslStreamCertificateContext certificate) => new()
    {
        ServerCertificateContext = certificate,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
    };

    /// <summary>
    /// Data connections use TLS 1.2. A TLS 1.3 server sends session tickets after the handshake; an uploading
    /// client never reads them, so its close turns into a reset that can destroy the upload's last bytes
    /// (curl and .NET both do this). In TLS 1.2 the ticket travels inside the handshake.
    /// </summary>
    public static SslServerAuthenticationOptions DataOptions(SslStreamCertificateContext certificate) => new()
    {
        ServerCertificateContext = certificate,
        EnabledSslProtocols = SslProtocols.Tls12,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
    };

    public static SslStreamCertificateContext CreateContext(X509Certificate2 certificate) =>
        SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);

    /// <summary>Wraps a stream and runs the server handshake, within <see cref="HandshakeTimeout"/>.</summary>
    public static async Task<SslStream> AuthenticateAsync(Stream inner, SslServerAuthenticationOptions options, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: true);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HandshakeTimeout);
            await ssl.AuthenticateAsServerAsync(options, timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends close_notify before a TLS connection closes, so clients do not report truncation.</summary>
    public static async Task CloseAsync(SslStream ssl)
    {
        try
        {
            await ssl.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone already; nothing to notify.
        }
    }
}
