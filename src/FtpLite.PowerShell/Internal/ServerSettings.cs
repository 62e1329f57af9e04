using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FtpLite.Server;
using FtpLite.Server.Proxy;

namespace FtpLite.PowerShell.Internal;

/// <summary>What Start-FtpLiteServer's parameters mean once parsed and checked, before anything is served.</summary>
internal sealed record ServerSettings(
    IPAddress Address,
    IPAddress? PassiveAddress,
    (int First, int Last)? PassivePortRange,
    BalancerList Balancers,
    string Root,
    string? LogPath,
    string? AccountPath,
    X509Certificate2? Certificate);

/// <summary>
/// Reads Start-FtpLiteServer's parameters into <see cref="ServerSettings"/>, one method per setting. It holds no
/// cmdlet: local paths are resolved by the function it is given. Each refusal is a <see cref="ServerSettingException"/>
/// carrying the error the user sees. What the core checks (a certificate's private key, TLS without a
/// certificate) is left to <see cref="FtpServer.CheckTls"/>.
/// </summary>
internal sealed class ServerSettingsReader(Func<string, string> resolvePath)
{
    public static IPAddress Address(string address) => IPAddress.TryParse(address, out var parsed) ? parsed
        : throw ServerSettingException.Refuse(FtpLiteErrors.InvalidAddress, ErrorCategory.InvalidArgument, $"'{address}' is not an IP address.", address);

    public static IPAddress? PassiveAddress(string? address) =>
        address is null ? null
        : IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetwork ? parsed
        : throw ServerSettingException.Refuse(FtpLiteErrors.InvalidAddress, ErrorCategory.InvalidArgument, $"-PassiveAddress '{address}' is not an IPv4 address.", address);

    public static (int First, int Last)? PortRange(int[]? range) => range switch
    {
        [var first, var last] when first > last => throw ServerSettingException.Refuse(FtpLiteErrors.InvalidPortRange, ErrorCategory.InvalidArgument,
            "-PassivePortRange takes the first port, then the last.", range),
        [var first, var last] => (first, last),
        _ => null,
    };

    public static BalancerList Balancers(string[]? from)
    {
        try
        {
            return from is null ? BalancerList.None : BalancerList.Parse(from);
        }
        catch (FormatException ex)
        {
            throw ServerSettingException.Refuse(FtpLiteErrors.InvalidAddress, ErrorCategory.InvalidArgument,
                $"-ProxyProtocolFrom: {ex.Message} List the load balancers' addresses, e.g. -ProxyProtocolFrom 10.0.0.10, 10.0.1.0/24.", from);
        }
    }

    /// <summary>The folder to serve: <paramref name="root"/>, or <paramref name="current"/> when not given; it must exist.</summary>
    public string Root(string? root, string current)
    {
        var folder = root is null ? current : Path(root)!;
        return Directory.Exists(folder) ? folder
            : throw ServerSettingException.Refuse(FtpLiteErrors.RootNotFound, ErrorCategory.ObjectNotFound, $"The folder '{folder}' does not exist.", root);
    }

    /// <summary>A file-system path that may not exist yet (the log); null stays null.</summary>
    public string? Path(string? path)
    {
        try
        {
            return path is null ? null : resolvePath(path);
        }
        catch (ArgumentException ex)
        {
            throw new ServerSettingException(FtpLiteErrors.ToErrorRecord(ex, path));
        }
    }

    /// <summary>An account file, which must exist (New-FtpLiteAccount makes one).</summary>
    public string? AccountFile(string? path) => Path(path) is not { } file ? null
        : File.Exists(file) ? file
        : throw ServerSettingException.Refuse(FtpLiteErrors.InvalidAccountFile, ErrorCategory.ObjectNotFound,
            $"The account file '{file}' does not exist. Make it with New-FtpLiteAccount -Path '{file}'.", path);

    /// <summary>
    /// The certificate of -Certificate (an X509Certificate2, or a .pfx or PEM file) or -CertificateThumbprint (the
    /// user's store), checked by the core with the TLS switches; null for plain FTP.
    /// </summary>
    public X509Certificate2? Certificate(object? given, string? thumbprint, string? keyPath, SecureString? password, bool requireTls, int? implicitTlsPort)
    {
        X509Certificate2? certificate;
        try
        {
            certificate = Load(given is PSObject wrapped ? wrapped.BaseObject : given, thumbprint, keyPath, password);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ServerSettingException(FtpLiteErrors.Create(ex, FtpLiteErrors.InvalidCertificate, ErrorCategory.InvalidArgument, given ?? thumbprint));
        }

        try
        {
            FtpServer.CheckTls(certificate, requireTls, implicitTlsPort);
        }
        catch (ArgumentException ex)
        {
            throw new ServerSettingException(certificate is null
                ? FtpLiteErrors.Create(ex, FtpLiteErrors.CertificateRequired, ErrorCategory.InvalidArgument, null)
                : FtpLiteErrors.Create(ex, FtpLiteErrors.InvalidCertificate, ErrorCategory.InvalidArgument, given ?? thumbprint));
        }

        return certificate;
    }

    private X509Certificate2? Load(object? value, string? thumbprint, string? keyPath, SecureString? password)
    {
        if (thumbprint is not null)
        {
            return value is null ? FromStore(thumbprint) : throw new ArgumentException("Give either -Certificate or -CertificateThumbprint, not both.");
        }

        switch (value)
        {
            case null:
                return keyPath is null ? null : throw new ArgumentException("-CertificateKeyPath goes with a PEM certificate given to -Certificate.");
            case X509Certificate2 given:
                return given;
            case string or FileInfo:
                var path = resolvePath(value.ToString()!);
                if (IsPem(path))
                {
                    // certbot and most Linux tools keep a PEM certificate and its key in two files (or both in one).
                    return X509Certificate2.CreateFromPemFile(path, keyPath is null ? null : resolvePath(keyPath));
                }

                return X509CertificateLoader.LoadPkcs12FromFile(path, password is null ? null : new NetworkCredential(string.Empty, password).Password);
            default:
                throw new ArgumentException($"-Certificate takes an X509Certificate2 or the path of a .pfx file, not a {value.GetType().Name}.");
        }
    }

    /// <summary>True when the file is PEM text ("-----BEGIN"), not a binary .pfx.</summary>
    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[10];
        var read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.ASCII.GetString(start[..read]).StartsWith("-----BEGIN", StringComparison.Ordinal);
    }

    /// <summary>A certificate from the current user's store (My), by thumbprint.</summary>
    private static X509Certificate2 FromStore(string thumbprint)
    {
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadOnly);
        var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint.Replace(" ", string.Empty, StringComparison.Ordinal), validOnly: false);
        return found.Count > 0 ? found[0]
            : throw new ArgumentException($"No certificate with the thumbprint {thumbprint} is in the current user's certificate store (My). "
                + "Import it there (with its private key), or give -Certificate a .pfx or PEM file.");
    }
}

/// <summary>A Start-FtpLiteServer setting that cannot be used, with the error the user sees.</summary>
internal sealed class ServerSettingException(ErrorRecord errorRecord) : Exception(errorRecord.Exception.Message, errorRecord.Exception)
{
    public ErrorRecord ErrorRecord { get; } = errorRecord;

    public static ServerSettingException Refuse(string id, ErrorCategory category, string message, object? target) =>
        new(FtpLiteErrors.Create(id, category, message, target));
}
