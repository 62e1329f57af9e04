using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FtpLite.FileSystem;
using FtpLite.PowerShell.Internal;
using FtpLite.Server;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Starts an FTP server that serves a local folder.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "FtpLiteServer", SupportsShouldProcess = true)]
[OutputType(typeof(FtpServer))]
public sealed class StartFtpLiteServerCommand : FtpLiteCmdlet
{
    /// <summary>The folder to serve; the current folder by default. Nothing outside it is ever reachable.</summary>
    [Parameter(Position = 0)]
    [Alias("Path")]
    public string? Root { get; set; }

    /// <summary>The address to listen on: 127.0.0.1 by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The control port: 1452 by default; 0 picks a free one (the output shows which).</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; } = FtpLite.Client.FtpClientOptions.DefaultPort;

    /// <summary>Users who may log in, with their passwords.</summary>
    [Parameter]
    [CredentialArray]
    public PSCredential[]? Credential { get; set; }

    /// <summary>Let anonymous users list and download (read-only).</summary>
    [Parameter]
    public SwitchParameter AllowAnonymous { get; set; }

    /// <summary>Let anonymous users upload, rename and delete too.</summary>
    [Parameter]
    public SwitchParameter AllowAnonymousWrite { get; set; }

    /// <summary>The TLS certificate for FTPS: an X509Certificate2 with its private key, or the path of a .pfx file.</summary>
    [Parameter]
    public object? Certificate { get; set; }

    /// <summary>The password of a .pfx file given to -Certificate.</summary>
    [Parameter]
    public SecureString? CertificatePassword { get; set; }

    /// <summary>Also listen for implicit FTPS (TLS from the first byte) on this port; 0 picks a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int? ImplicitTlsPort { get; set; }

    /// <summary>Refuse logins and data connections that are not encrypted.</summary>
    [Parameter]
    public SwitchParameter RequireTls { get; set; }

    /// <summary>Connections served at once; one more gets 421. Default 500.</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int MaxConnections { get; set; } = 500;

    /// <summary>Connections served at once from one IP address; one more gets 421. Default 250.</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int MaxConnectionsPerIP { get; set; } = 250;

    /// <summary>Seconds a client may send nothing before the server closes its connection with 421; 300 by default, as vsftpd.</summary>
    [Parameter]
    [ValidateRange(1, 86_400)]
    public int IdleTimeoutSec { get; set; } = 300;

    /// <summary>Connections from one IP address that have not logged in yet; one more gets 421. Default 64.</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int MaxPendingLoginsPerIP { get; set; } = 64;

    /// <summary>Seconds a connection has to log in, counted from its connection (NOOP does not extend it). Default 60.</summary>
    [Parameter]
    [ValidateRange(1, 86_400)]
    public int LoginTimeoutSec { get; set; } = 60;

    /// <summary>Failed logins from one IP address after which it is banned for -LoginBanDurationSec; 0 never bans. Default 10.</summary>
    [Parameter]
    [ValidateRange(0, 100_000)]
    public int LoginBanThreshold { get; set; } = 10;

    /// <summary>Seconds a banned address stays banned, and failed logins are remembered. Default 900 (15 minutes).</summary>
    [Parameter]
    [ValidateRange(1, 31_536_000)]
    public int LoginBanDurationSec { get; set; } = 900;

    /// <summary>The IPv4 address PASV advertises, for a server behind NAT.</summary>
    [Parameter]
    public string? PassiveAddress { get; set; }

    /// <summary>The first and last port for passive data connections, e.g. 50000,50100.</summary>
    [Parameter]
    [ValidateCount(2, 2)]
    [ValidateRange(1024, 65535)]
    public int[]? PassivePortRange { get; set; }

    /// <summary>
    /// Load balancers (IP addresses or networks such as 10.0.0.0/24) whose connections begin with a PROXY
    /// protocol header (v1 or v2) naming the real client; no others may send one.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ProxyProtocolFrom { get; set; }

    /// <summary>Append every connection, login and transfer to this file, one JSON object per line.</summary>
    [Parameter]
    public string? LogPath { get; set; }

    /// <summary>
    /// Serve in the foreground until Ctrl+C, reporting connections, logins and transfers as verbose messages
    /// and as information records (tag FtpLite) holding the event objects.
    /// </summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!IPAddress.TryParse(Address, out var address))
        {
            WriteError(FtpLiteErrors.Create("FtpLite.InvalidAddress", ErrorCategory.InvalidArgument, $"'{Address}' is not an IP address.", Address));
            return;
        }

        IPAddress? passiveAddress = null;
        if (PassiveAddress is not null && (!IPAddress.TryParse(PassiveAddress, out passiveAddress) || passiveAddress.AddressFamily != AddressFamily.InterNetwork))
        {
            WriteError(FtpLiteErrors.Create("FtpLite.InvalidAddress", ErrorCategory.InvalidArgument, $"-PassiveAddress '{PassiveAddress}' is not an IPv4 address.", PassiveAddress));
            return;
        }

        if (PassivePortRange is [var first, var last] && first > last)
        {
            WriteError(FtpLiteErrors.Create("FtpLite.InvalidPortRange", ErrorCategory.InvalidArgument, "-PassivePortRange takes the first port, then the last.", PassivePortRange));
            return;
        }

        var balancers = FtpLite.Server.Proxy.BalancerList.None;
        try
        {
            balancers = ProxyProtocolFrom is null ? balancers : FtpLite.Server.Proxy.BalancerList.Parse(ProxyProtocolFrom);
        }
        catch (FormatException ex)
        {
            WriteError(FtpLiteErrors.Create("FtpLite.InvalidAddress", ErrorCategory.InvalidArgument,
                $"-ProxyProtocolFrom: {ex.Message} List the load balancers' addresses, e.g. -ProxyProtocolFrom 10.0.0.10, 10.0.1.0/24.", ProxyProtocolFrom));
            return;
        }

        string root;
        try
        {
            root = Root is null ? SessionState.Path.CurrentFileSystemLocation.ProviderPath : LocalPaths.ResolveDestination(SessionState, Root);
        }
        catch (ArgumentException ex)
        {
            WriteFailure(ex, Root);
            return;
        }

        if (!Directory.Exists(root))
        {
            WriteError(FtpLiteErrors.Create("FtpLite.RootNotFound", ErrorCategory.ObjectNotFound, $"The folder '{root}' does not exist.", Root));
            return;
        }

        string? logPath = null;
        if (LogPath is not null)
        {
            try
            {
                logPath = LocalPaths.ResolveDestination(SessionState, LogPath);
            }
            catch (ArgumentException ex)
            {
                WriteFailure(ex, LogPath);
                return;
            }
        }

        X509Certificate2? certificate;
        try
        {
            certificate = LoadCertificate();
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            WriteError(new ErrorRecord(ex, "FtpLite.InvalidCertificate", ErrorCategory.InvalidArgument, Certificate));
            return;
        }

        if ((RequireTls || ImplicitTlsPort is not null) && certificate is null)
        {
            WriteError(FtpLiteErrors.Create("FtpLite.CertificateRequired", ErrorCategory.InvalidArgument,
                "-RequireTls and -ImplicitTlsPort need -Certificate.", null));
            return;
        }

        if (!ShouldProcess($"{root} on {address}:{Port}", "Serve"))
        {
            return;
        }

        var events = Wait ? new ServerEventRelay(this) : null;
        var server = new FtpServer(new FtpServerOptions
        {
            Address = address,
            Port = Port,
            FileSystem = new DiskFileSystem(root),
            Users = Credential?.Where(c => c is not null && c != PSCredential.Empty).Select(c => c.GetNetworkCredential()).ToList() ?? [],
            AnonymousAccess = AllowAnonymousWrite ? FtpAnonymousAccess.ReadWrite : AllowAnonymous ? FtpAnonymousAccess.ReadOnly : null,
            Log = events is null ? null : events.Relay,
            Certificate = certificate,
            ImplicitTlsPort = ImplicitTlsPort,
            RequireTls = RequireTls.IsPresent,
            MaxConnections = MaxConnections,
            MaxConnectionsPerIP = MaxConnectionsPerIP,
            IdleTimeout = TimeSpan.FromSeconds(IdleTimeoutSec),
            MaxPendingLoginsPerIP = MaxPendingLoginsPerIP,
            LoginTimeout = TimeSpan.FromSeconds(LoginTimeoutSec),
            LoginBanThreshold = LoginBanThreshold,
            LoginBanDuration = TimeSpan.FromSeconds(LoginBanDurationSec),
            PassiveAddress = passiveAddress,
            PassivePortRange = PassivePortRange is [var low, var high] ? (low, high) : null,
            LogPath = logPath,
            ProxyProtocolFrom = balancers,
        });

        try
        {
            Await(server.StartAsync(StopToken));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            var ports = ImplicitTlsPort is { } implicitPort && implicitPort != 0 ? $"{address}:{Port} or {address}:{implicitPort} (-ImplicitTlsPort)" : $"{address}:{Port}";
            WriteError(new ErrorRecord(ex, "FtpLite.CannotListen", ErrorCategory.ResourceUnavailable, server)
            {
                ErrorDetails = new ErrorDetails(
                    $"Cannot listen on {ports}: the port is in use, by another program or a server already started (see Get-FtpLiteServer). "
                    + "Choose another -Port, or -Port 0 to pick a free one (the output shows it)."),
            });
            return;
        }
        catch (Exception ex) when (ex is InvalidOperationException or SocketException)
        {
            var id = ex is SocketException ? "FtpLite.CannotListen" : "FtpLite.UnsafeServerConfiguration";
            WriteError(new ErrorRecord(ex, id, ex is SocketException ? ErrorCategory.ResourceUnavailable : ErrorCategory.SecurityError, server));
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, "FtpLite.CannotWriteLog", ErrorCategory.WriteError, LogPath));
            return;
        }

        ServerStore.Add(server);
        WriteObject(server);
        if (!Wait)
        {
            return;
        }

        var hint = $"Serving {server.Root} at {server.Uri}. Connect with: Connect-FtpLite -ComputerName {server.Address} -Port {server.Port}   (or: curl {server.Uri}). Press Ctrl+C to stop.";
        WriteInformation(new HostInformationMessage { Message = hint }, ["PSHOST"]);

        try
        {
            PumpUntilStopped();
        }
        finally
        {
            server.StopAsync().GetAwaiter().GetResult();
            ServerStore.Remove(server);
            // Ctrl+C has stopped the pipeline, so no stream takes a record any more: the host is told directly,
            // or the server would end without a word.
            Host?.UI?.WriteLine(StoppedMessage(server));
        }
    }

    /// <summary>What -Wait prints when Ctrl+C stops the server: that it stopped, and what it served.</summary>
    private static string StoppedMessage(FtpServer server) =>
        $"Stopped the FtpLite server at {server.Uri}: {server.TotalConnections} connection{(server.TotalConnections == 1 ? string.Empty : "s")}, "
        + $"{server.BytesSent} bytes sent, {server.BytesReceived} bytes received.";

    private X509Certificate2? LoadCertificate()
    {
        var value = Certificate is PSObject wrapped ? wrapped.BaseObject : Certificate;
        X509Certificate2 certificate;
        switch (value)
        {
            case null:
                return null;
            case X509Certificate2 given:
                certificate = given;
                break;
            case string or FileInfo:
                var path = LocalPaths.ResolveDestination(SessionState, value.ToString()!);
                var password = CertificatePassword is null ? null : new System.Net.NetworkCredential(string.Empty, CertificatePassword).Password;
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
                break;
            default:
                throw new ArgumentException($"-Certificate takes an X509Certificate2 or the path of a .pfx file, not a {value.GetType().Name}.");
        }

        return certificate.HasPrivateKey ? certificate : throw new ArgumentException("The certificate has no private key.");
    }

    /// <summary>Posts server events to the pipeline thread as verbose messages.</summary>
    private sealed class ServerEventRelay(StartFtpLiteServerCommand cmdlet)
    {
        public void Relay(FtpServerEvent serverEvent) =>
            cmdlet.Post(() =>
            {
                // User and file names come from clients: a name holding ESC must not drive the admin's terminal.
                cmdlet.WriteVerbose($"{serverEvent.TimeUtc.ToLocalTime():HH:mm:ss} {serverEvent.Kind}: {ConsoleText.Escape(serverEvent.Message)}");
                cmdlet.WriteInformation(serverEvent, ["FtpLite", serverEvent.Kind.ToString()]);
            });
    }
}
