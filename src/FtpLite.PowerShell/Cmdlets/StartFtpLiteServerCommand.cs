using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
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

    /// <summary>Serve in the foreground, reporting activity as verbose output, until Ctrl+C.</summary>
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
        });

        try
        {
            Await(server.StartAsync(StopToken));
        }
        catch (Exception ex) when (ex is InvalidOperationException or SocketException)
        {
            var id = ex is SocketException ? "FtpLite.CannotListen" : "FtpLite.UnsafeServerConfiguration";
            WriteError(new ErrorRecord(ex, id, ex is SocketException ? ErrorCategory.ResourceUnavailable : ErrorCategory.SecurityError, server));
            return;
        }

        ServerStore.Add(server);
        WriteObject(server);
        if (!Wait)
        {
            return;
        }

        try
        {
            PumpUntilStopped();
        }
        finally
        {
            server.StopAsync().GetAwaiter().GetResult();
            ServerStore.Remove(server);
        }
    }

    /// <summary>Posts server events to the pipeline thread as verbose messages.</summary>
    private sealed class ServerEventRelay(StartFtpLiteServerCommand cmdlet)
    {
        public void Relay(FtpServerEvent serverEvent) =>
            cmdlet.Post(() => cmdlet.WriteVerbose($"{serverEvent.TimeUtc.ToLocalTime():HH:mm:ss} {serverEvent.Kind}: {serverEvent.Message}"));
    }
}
