using System.Management.Automation;
using FtpLite.Client;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Connects to an FTP server and makes the session the default one.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "FtpLite")]
[OutputType(typeof(FtpLiteSession))]
public sealed class ConnectFtpLiteCommand : FtpLiteCmdlet
{
    private const int StandardPort = 21;
    private const int StandardImplicitTlsPort = 990;

    /// <summary>Host name, IP address, or an ftp:// URI (its port, 21 when it names none, and its path become the session's).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uri", "HostName", "CN")]
    [ValidateNotNullOrEmpty]
    public string ComputerName { get; set; } = FtpClientOptions.DefaultHost;

    /// <summary>
    /// The control port: 21 for a host name or URI, as in every FTP client (990 with -Encryption Implicit); FtpLite's
    /// default 1452 only without -ComputerName. Given, it overrides a URI's port.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = FtpClientOptions.DefaultPort;

    /// <summary>User and password; anonymous without it.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Seconds to wait for a connection, a reply, or any progress of a transfer.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 30;

    /// <summary>None (plain FTP), Explicit (AUTH TLS, then everything encrypted) or Implicit (TLS from the start).</summary>
    [Parameter]
    public FtpEncryption Encryption { get; set; } = FtpEncryption.None;

    /// <summary>Trust the server's certificate only if its SHA-1 or SHA-256 thumbprint is this.</summary>
    [Parameter]
    [ValidatePattern("^[0-9A-Fa-f: ]{40,}$")]
    public string? CertificateThumbprint { get; set; }

    /// <summary>Accept any server certificate. Only for testing: it makes encryption worthless against an active attacker.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Open passive data connections to the address the server names in its PASV reply (servers behind a load balancer).</summary>
    [Parameter]
    public SwitchParameter UsePassiveAddress { get; set; }

    /// <summary>Send each data command alone, never in the same write as its EPSV (servers that drop such commands).</summary>
    [Parameter]
    public SwitchParameter NoCommandPipelining { get; set; }

    /// <summary>A name for the session.</summary>
    [Parameter]
    public string? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (Name is { Length: > 0 } && SessionStore.Find(Name) is { } namesake)
        {
            // Get-FtpLiteSession -Name and -Session by name must mean one session.
            WriteError(FtpLiteErrors.Create(FtpLiteErrors.SessionNameInUse, ErrorCategory.ResourceExists,
                $"A session named '{namesake.Name}' is open already ({namesake}). Close it with Disconnect-FtpLite -Session (Get-FtpLiteSession '{namesake.Name}'), or choose another -Name.", Name));
            return;
        }

        string host;
        var port = ChoosePort(null);
        string? directory = null;
        if (ComputerName.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(ComputerName, UriKind.Absolute, out var uri) || !uri.Scheme.Equals("ftp", StringComparison.OrdinalIgnoreCase))
            {
                WriteError(FtpLiteErrors.Create(FtpLiteErrors.InvalidUri, ErrorCategory.InvalidArgument, $"'{ComputerName}' is not an ftp:// URI.", ComputerName));
                return;
            }

            if (uri.UserInfo.Length > 0)
            {
                WriteError(FtpLiteErrors.Create(FtpLiteErrors.InvalidUri, ErrorCategory.InvalidArgument,
                    "Put the user name and password in -Credential, not in the URI.", ComputerName));
                return;
            }

            host = uri.IdnHost.Trim('[', ']');
            // An ftp:// URI means standard FTP: port 21 unless it names one.
            port = ChoosePort(uri.IsDefaultPort ? null : uri.Port);

            directory = Uri.UnescapeDataString(uri.AbsolutePath) is { Length: > 1 } path ? path : null;
        }
        else
        {
            host = ComputerName;
        }

        var options = new FtpClientOptions
        {
            Host = host,
            Port = port,
            Credential = Credential is null || Credential == PSCredential.Empty ? null : Credential.GetNetworkCredential(),
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Encryption = Encryption,
            CertificateThumbprint = CertificateThumbprint,
            SkipCertificateCheck = SkipCertificateCheck.IsPresent,
            UsePassiveAddress = UsePassiveAddress.IsPresent,
            PipelineCommands = !NoCommandPipelining.IsPresent,
        };

        FtpClient client;
        try
        {
            WriteVerbose($"Connecting to {host}:{port} as {(options.Credential?.UserName is { Length: > 0 } user ? user : FtpClientOptions.AnonymousUser)}.");
            client = Await(FtpClient.ConnectAsync(options, StopToken));
        }
        catch (FtpException ex)
        {
            WriteFailure(ex, ComputerName);
            return;
        }

        var session = new FtpLiteSession(client, Name ?? string.Empty, host);
        if (directory is not null)
        {
            try
            {
                Await(client.ChangeDirectoryAsync(directory, StopToken));
            }
            catch (FtpException ex)
            {
                Await(client.DisconnectAsync(CancellationToken.None));
                WriteFailure(ex, ComputerName);
                return;
            }
        }

        SessionStore.Add(session);
        WriteVerbose($"Connected to {host}:{port}: {ConsoleText.Escape(client.Greeting)}");
        WriteObject(session);
    }

    /// <summary>
    /// -Port when given, else the URI's own port, else the standard one for a named host (21, or 990 for implicit
    /// TLS, as curl and lftp have it). Only a Connect-FtpLite that names no host at all means FtpLite's own
    /// server on this machine: 127.0.0.1:1452, where Start-FtpLiteServer listens by default.
    /// </summary>
    private int ChoosePort(int? uriPort)
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Port)))
        {
            return Port;
        }

        if (uriPort is { } fromUri)
        {
            return fromUri;
        }

        if (!MyInvocation.BoundParameters.ContainsKey(nameof(ComputerName)))
        {
            return FtpClientOptions.DefaultPort;
        }

        return Encryption == FtpEncryption.Implicit ? StandardImplicitTlsPort : StandardPort;
    }
}
