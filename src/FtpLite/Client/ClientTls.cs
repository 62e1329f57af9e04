using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FtpLite.Client;

/// <summary>
/// The client's TLS settings. One options object serves the control and every data connection, so .NET
/// can resume the control connection's TLS session on data connections (vsftpd's require_ssl_reuse).
/// </summary>
internal sealed class ClientTls
{
    private readonly FtpClientOptions _options;

    // Why Validate refused the last certificate, for the error message (the handshake only says "rejected").
    private string? _refusal;

    public ClientTls(FtpClientOptions options)
    {
        _options = options;
        Options = new SslClientAuthenticationOptions
        {
            TargetHost = SessionHostName(options.Host),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = Validate,
        };
    }

    public SslClientAuthenticationOptions Options { get; }

    /// <summary>
    /// .NET keys its client TLS session cache by TargetHost and will not cache for an IP address, so an IP
    /// target gets a name of its own (unique per client, so two sessions to one server never swap TLS
    /// sessions). Such a name is never sent as SNI to a real host name, and certificate names are checked
    /// against the real host in <see cref="Validate"/>.
    /// </summary>
    private static string SessionHostName(string host) =>
        System.Net.IPAddress.TryParse(host, out _) ? "ftplite-" + Guid.NewGuid().ToString("N") + ".invalid" : host;

    /// <summary>Runs the client handshake over <paramref name="inner"/>.</summary>
    /// <exception cref="FtpSecurityException">The server's certificate was refused or the handshake failed.</exception>
    public async Task<SslStream> AuthenticateAsync(Stream inner, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: true);
        try
        {
            await ssl.AuthenticateAsClientAsync(Options, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (AuthenticationException ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            var refusal = Interlocked.Exchange(ref _refusal, null);
            throw new FtpSecurityException(refusal ?? $"The TLS handshake with {_options.Host} failed: {ex.Message}", ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_options.SkipCertificateCheck)
        {
            return true;
        }

        if (certificate is null)
        {
            _refusal = $"{_options.Host} sent no TLS certificate.";
            return false;
        }

        if (_options.CertificateThumbprint is { Length: > 0 } pin)
        {
            return MatchesThumbprint(certificate, pin) || Refuse(certificate, "its thumbprint is not the one given to -CertificateThumbprint");
        }

        // The name is checked here against the real host: TargetHost may be a session-cache name.
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return Refuse(certificate, "it is not signed by an authority this machine trusts (self-signed?)");
        }

        using var full = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return full.MatchesHostname(_options.Host) || Refuse(certificate, $"it is issued to {full.Subject}, not to {_options.Host}");
    }

    /// <summary>Records why a certificate is refused, naming it and the two ways to accept it; returns false.</summary>
    private bool Refuse(X509Certificate certificate, string why)
    {
        var sha256 = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var sha1 = certificate.GetCertHashString(HashAlgorithmName.SHA1);
        _refusal = $"The TLS certificate of {_options.Host} (SHA-256 thumbprint {sha256}, SHA-1 {sha1}) is not trusted: {why}. "
            + $"If you know it is the server's own, trust it with -CertificateThumbprint {sha256}; "
            + "-SkipCertificateCheck accepts any certificate (testing only: it makes encryption worthless against an attacker).";
        return false;
    }

    /// <summary>True when the certificate's SHA-1 (as Windows shows it) or SHA-256 thumbprint is <paramref name="pin"/>.</summary>
    internal static bool MatchesThumbprint(X509Certificate certificate, string pin)
    {
        var wanted = new string(pin.Where(Uri.IsHexDigit).ToArray());
        return wanted.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA1), StringComparison.OrdinalIgnoreCase)
            || wanted.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), StringComparison.OrdinalIgnoreCase);
    }
}
