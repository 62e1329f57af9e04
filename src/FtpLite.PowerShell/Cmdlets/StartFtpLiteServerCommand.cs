using System.Management.Automation;
using System.Net.Sockets;
using System.Security;
using FtpLite.FileSystem;
using FtpLite.PowerShell.Internal;
using FtpLite.PowerShell.ServerEvents;
using FtpLite.Server;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Starts an FTP server that serves a local folder.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "FtpLiteServer", SupportsShouldProcess = true, DefaultParameterSetName = DiskSet)]
[OutputType(typeof(FtpServer))]
public sealed class StartFtpLiteServerCommand : FtpLiteCmdlet
{
    /// <summary>The folder to serve; the current folder by default. Nothing outside it is ever reachable.</summary>
    [Parameter(Position = 0, ParameterSetName = DiskSet)]
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

    /// <summary>The private key (PEM) of a PEM certificate given to -Certificate, when the key is not in the certificate's file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateKeyPath { get; set; }

    /// <summary>The thumbprint (SHA-1, hex) of a certificate with its private key in the current user's certificate store (My), for FTPS.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateThumbprint { get; set; }

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
    /// An account file (New-FtpLiteAccount makes one): users with their own home folders, rights and limits,
    /// read again whenever it changes.
    /// </summary>
    [Parameter]
    public string? AccountPath { get; set; }

    /// <summary>
    /// Serve in the foreground until Ctrl+C, reporting connections, logins and transfers as verbose messages
    /// and as information records (tag FtpLite) holding the event objects.
    /// </summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    // --- S3 storage (src/FtpLite/FileSystem/S3): serve a bucket instead of a folder. ---
    private const string DiskSet = "Disk";
    private const string S3Set = "S3";

    /// <summary>Serve this S3 bucket (AWS S3 or an S3-compatible store such as Ceph or MinIO) instead of a folder.</summary>
    [Parameter(Mandatory = true, ParameterSetName = S3Set)]
    [ValidateNotNullOrEmpty]
    public string? S3Bucket { get; set; }

    /// <summary>The key prefix in the bucket that is served as "/" (e.g. ftp/); the whole bucket by default.</summary>
    [Parameter(ParameterSetName = S3Set)]
    public string? S3Prefix { get; set; }

    /// <summary>The endpoint of an S3-compatible store, e.g. http://127.0.0.1:7480; AWS S3 by default.</summary>
    [Parameter(ParameterSetName = S3Set)]
    public string? S3Endpoint { get; set; }

    /// <summary>The bucket's region (e.g. eu-west-1); by default from AWS_REGION or the AWS profile, or us-east-1 with -S3Endpoint.</summary>
    [Parameter(ParameterSetName = S3Set)]
    public string? S3Region { get; set; }

    /// <summary>Address the bucket as ENDPOINT/bucket rather than bucket.ENDPOINT (what most self-hosted stores need).</summary>
    [Parameter(ParameterSetName = S3Set)]
    public SwitchParameter S3ForcePathStyle { get; set; }

    /// <summary>The access key (user name) and secret key (password); by default the AWS SDK's usual sources (environment, profile, instance role).</summary>
    [Parameter(ParameterSetName = S3Set)]
    [Credential]
    public PSCredential? S3Credential { get; set; }

    /// <summary>Unfinished multipart uploads older than this (a killed server's) are aborted at start; one day by default.</summary>
    [Parameter(ParameterSetName = S3Set)]
    [ValidateRange(0, int.MaxValue)]
    public int S3StaleUploadAgeSec { get; set; } = 86_400;

    /// <summary>
    /// How long a folder the store just showed is taken to still exist, for the "is the parent folder there?" check
    /// of STOR, MKD and RNTO; 2 s by default, 0 to ask the store every time.
    /// </summary>
    [Parameter(ParameterSetName = S3Set)]
    [ValidateRange(0, 3600)]
    public int S3FolderSeenSec { get; set; } = 2;

    /// <summary>The S3 file system the -S3* parameters describe, or null (with an error written) when the store cannot be used.</summary>
    private IFtpFileSystem? OpenS3()
    {
        var fileSystem = S3Storage.Open(S3Bucket!, S3Prefix, S3Endpoint, S3Region, S3ForcePathStyle, S3Credential, TimeSpan.FromSeconds(S3StaleUploadAgeSec),
            TimeSpan.FromSeconds(S3FolderSeenSec), StopToken, out var problem);
        if (fileSystem is null)
        {
            WriteError(FtpLiteErrors.Create(FtpLiteErrors.S3Unavailable, ErrorCategory.ResourceUnavailable, problem!, S3Bucket));
        }

        return fileSystem;
    }
    /// <summary>Runs for every finished upload, on a runspace pool of its own: param($e) gets User, Path, Size, Duration, ClientAddress, Time.</summary>
    [Parameter]
    public ScriptBlock? OnUpload { get; set; }

    /// <summary>Runs for every finished download, as -OnUpload.</summary>
    [Parameter]
    public ScriptBlock? OnDownload { get; set; }

    /// <summary>Runs for every deleted file or removed folder, as -OnUpload.</summary>
    [Parameter]
    public ScriptBlock? OnDelete { get; set; }

    /// <summary>Runs for every rename or move ($e.FromPath is the old path), as -OnUpload.</summary>
    [Parameter]
    public ScriptBlock? OnRename { get; set; }

    /// <summary>Runs for every login, as -OnUpload.</summary>
    [Parameter]
    public ScriptBlock? OnLogin { get; set; }

    /// <summary>Runs for every failed login ($e.User is the name tried), as -OnUpload.</summary>
    [Parameter]
    public ScriptBlock? OnLoginFailed { get; set; }

    /// <summary>Events that may wait for a busy -On* handler; more are dropped with a logged warning. Default 1000.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int EventQueueLength { get; set; } = 1000;

    /// <summary>
    /// Seconds a stopping -Wait server (Ctrl+C, SIGTERM) lets running transfers finish before it cuts them. Default 30.
    /// </summary>
    [Parameter]
    [ValidateRange(0, 86_400)]
    public int ShutdownGraceSec { get; set; } = 30;

    /// <summary>
    /// A server configuration file (a PowerShell data file, .psd1): one hashtable whose keys are this cmdlet's
    /// parameter names. Parameters given on the command line win over the file.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfigurationPath { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ConfigurationPath is not null && !ApplyConfiguration())
        {
            return;
        }

        ServerSettings settings;
        try
        {
            var read = new ServerSettingsReader(path => LocalPaths.ResolveDestination(SessionState, path));
            settings = new ServerSettings(
                ServerSettingsReader.Address(Address),
                ServerSettingsReader.PassiveAddress(PassiveAddress),
                ServerSettingsReader.PortRange(PassivePortRange),
                ServerSettingsReader.Balancers(ProxyProtocolFrom),
                read.Root(Root, SessionState.Path.CurrentFileSystemLocation.ProviderPath),
                read.Path(LogPath),
                read.AccountFile(AccountPath),
                read.Certificate(Certificate, CertificateThumbprint, CertificateKeyPath, CertificatePassword, RequireTls, ImplicitTlsPort));
        }
        catch (ServerSettingException ex)
        {
            WriteError(ex.ErrorRecord);
            return;
        }

        // Read once here, so a bad file is reported as such; the server reads it again as it starts.
        if (settings.AccountPath is not null && AccountFiles.Load(this, settings.AccountPath) is null)
        {
            return;
        }

        var users = Credential?.Where(c => c is not null && c != PSCredential.Empty).Select(c => c.GetNetworkCredential()).ToList() ?? [];
        var anonymous = AllowAnonymousWrite ? FtpAnonymousAccess.ReadWrite : AllowAnonymous ? FtpAnonymousAccess.ReadOnly : (FtpAnonymousAccess?)null;
        try
        {
            // Before -WhatIf answers, so that the check an admin runs before installing a service refuses what the start would.
            FtpServer.CheckLogins(settings.Address, anonymous, users.Count, settings.AccountPath);
        }
        catch (InvalidOperationException ex)
        {
            WriteError(FtpLiteErrors.Create(ex, FtpLiteErrors.UnsafeServerConfiguration, ErrorCategory.SecurityError, settings.Address));
            return;
        }

        var served = S3Bucket is null ? settings.Root : $"s3://{S3Bucket}/{S3Prefix}";
        if (!ShouldProcess($"{served} on {settings.Address}:{Port}", "Serve"))
        {
            return;
        }

        var fileSystem = S3Bucket is null ? new DiskFileSystem(settings.Root) : OpenS3();
        if (fileSystem is null)
        {
            return;
        }

        var events = Wait ? new ServerEventRelay(this) : null;
        var dispatcher = new ServerEventDispatcher(EventHandlers(), Events, EventQueueLength);
        var server = new FtpServer(new FtpServerOptions
        {
            Address = settings.Address,
            Port = Port,
            FileSystem = fileSystem,
            OwnsFileSystem = true,
            Users = users,
            AnonymousAccess = anonymous,
            Log = events is null ? dispatcher.OnEvent : (Action<FtpServerEvent>)events.Relay + dispatcher.OnEvent,
            Certificate = settings.Certificate,
            ImplicitTlsPort = ImplicitTlsPort,
            RequireTls = RequireTls.IsPresent,
            MaxConnections = MaxConnections,
            MaxConnectionsPerIP = MaxConnectionsPerIP,
            IdleTimeout = TimeSpan.FromSeconds(IdleTimeoutSec),
            MaxPendingLoginsPerIP = MaxPendingLoginsPerIP,
            LoginTimeout = TimeSpan.FromSeconds(LoginTimeoutSec),
            LoginBanThreshold = LoginBanThreshold,
            LoginBanDuration = TimeSpan.FromSeconds(LoginBanDurationSec),
            PassiveAddress = settings.PassiveAddress,
            PassivePortRange = settings.PassivePortRange,
            LogPath = settings.LogPath,
            AccountPath = settings.AccountPath,
            ProxyProtocolFrom = settings.Balancers,
        });

        dispatcher.Attach(server);
        try
        {
            Await(server.StartAsync(StopToken));
        }
        catch (Exception ex) when (ex is SocketException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            WriteError(CannotStart(ex, server));
            _ = dispatcher.CompleteAsync();
            Await(server.StopAsync());
            return;
        }

        ServerStore.Add(server);
        WriteObject(server);
        if (Wait)
        {
            ServeUntilStopped(server, served, dispatcher);
        }
    }

    /// <summary>-Wait: serves until Ctrl+C or SIGTERM, then stops the server within -ShutdownGraceSec and says what it served.</summary>
    private void ServeUntilStopped(FtpServer server, string served, ServerEventDispatcher dispatcher)
    {
        var hint = $"Serving {server.Root ?? served} at {server.Uri}. Connect with: Connect-FtpLite -ComputerName {server.Address} -Port {server.Port}   (or: curl {server.Uri}). Press Ctrl+C to stop.";
        WriteInformation(new HostInformationMessage { Message = hint }, ["PSHOST"]);

        using var terminated = new CancellationTokenSource();
        using var sigterm = ServiceSignal.OnTerminate(terminated);
        try
        {
            PumpUntilStopped(terminated.Token);
        }
        finally
        {
            // Ctrl+C has stopped the pipeline, so no stream takes a record any more: the host is told directly,
            // or the server would end without a word. SIGTERM leaves the pipeline running, and the cmdlet returns
            // normally (exit code 0 for pwsh -Command).
            var grace = TimeSpan.FromSeconds(ShutdownGraceSec);
            Host?.UI?.WriteLine($"Stopping the FtpLite server at {server.Uri} ({(terminated.IsCancellationRequested ? "SIGTERM" : "Ctrl+C")}): "
                + $"no new connections; running transfers have {ShutdownGraceSec} s to finish.");
            var stopping = server.StopAsync(grace);
            if (terminated.IsCancellationRequested && !StopToken.IsCancellationRequested)
            {
                Await(stopping);
            }
            else
            {
                stopping.GetAwaiter().GetResult();
            }

            ServerStore.Remove(server);
            // Handlers of the last events may still run: they get what remains of the grace period... at most.
            dispatcher.CompleteAsync().Wait(grace);
            Host?.UI?.WriteLine(StoppedMessage(server));
        }
    }

    /// <summary>Why the server could not start: its port, its configuration (nobody could log in), or its log file.</summary>
    private ErrorRecord CannotStart(Exception exception, FtpServer server)
    {
        switch (exception)
        {
            case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                var ports = server.Options.ImplicitTlsPort is { } implicitPort and not 0
                    ? $"{server.Address}:{Port} or {server.Address}:{implicitPort} (-ImplicitTlsPort)" : $"{server.Address}:{Port}";
                var record = FtpLiteErrors.Create(exception, FtpLiteErrors.CannotListen, ErrorCategory.ResourceUnavailable, server);
                record.ErrorDetails = new ErrorDetails(
                    $"Cannot listen on {ports}: the port is in use, by another program or a server already started (see Get-FtpLiteServer). "
                    + "Choose another -Port, or -Port 0 to pick a free one (the output shows it).");
                return record;
            case SocketException:
                return FtpLiteErrors.Create(exception, FtpLiteErrors.CannotListen, ErrorCategory.ResourceUnavailable, server);
            case InvalidOperationException:
                return FtpLiteErrors.Create(exception, FtpLiteErrors.UnsafeServerConfiguration, ErrorCategory.SecurityError, server);
            default:
                return FtpLiteErrors.Create(exception, FtpLiteErrors.CannotWriteLog, ErrorCategory.WriteError, LogPath);
        }
    }

    /// <summary>The -On* script blocks given, by event name.</summary>
    private Dictionary<string, ScriptBlock> EventHandlers()
    {
        var handlers = new Dictionary<string, ScriptBlock>(StringComparer.Ordinal);
        void Add(string name, ScriptBlock? handler)
        {
            if (handler is not null)
            {
                handlers[name] = handler;
            }
        }

        Add("Upload", OnUpload);
        Add("Download", OnDownload);
        Add("Delete", OnDelete);
        Add("Rename", OnRename);
        Add("Login", OnLogin);
        Add("LoginFailed", OnLoginFailed);
        return handlers;
    }

    /// <summary>Settings a configuration file must not hold, with the reason and the fix.</summary>
    private static readonly Dictionary<string, string> NotInConfigurationFile = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(ConfigurationPath)] = "a configuration file cannot name another one.",
        [nameof(Credential)] = "passwords do not belong in a configuration file. Keep users in an account file (its path is a setting), "
            + "or give -Credential on the command line.",
        [nameof(CertificatePassword)] = "passwords do not belong in a configuration file. Use a PEM certificate and key (CertificateKeyPath), "
            + "a certificate from the store (CertificateThumbprint), or give -CertificatePassword on the command line.",
    };

    /// <summary>Reads -ConfigurationPath into the parameters not given on the command line; false (errors written) when it cannot.</summary>
    private bool ApplyConfiguration()
    {
        string path;
        try
        {
            path = LocalPaths.ResolveDestination(SessionState, ConfigurationPath!);
        }
        catch (ArgumentException ex)
        {
            WriteFailure(ex, ConfigurationPath);
            return false;
        }

        IReadOnlyList<ServerConfigurationException> errors;
        try
        {
            errors = ServerConfigurationBinder.Apply(this, path, ServerConfigurationFile.Read(path), NotInConfigurationFile);
        }
        catch (ServerConfigurationException ex)
        {
            errors = [ex];
        }

        foreach (var error in errors)
        {
            WriteError(FtpLiteErrors.Create(error.ErrorId, error.Category, error.Message, path));
        }

        return errors.Count == 0;
    }

    /// <summary>What -Wait prints when Ctrl+C stops the server: that it stopped, and what it served.</summary>
    private static string StoppedMessage(FtpServer server) =>
        $"Stopped the FtpLite server at {server.Uri}: {server.TotalConnections} connection{(server.TotalConnections == 1 ? string.Empty : "s")}, "
        + $"{server.BytesSent} bytes sent, {server.BytesReceived} bytes received.";

    /// <summary>Posts server events to the pipeline thread as verbose messages.</summary>
    private sealed class ServerEventRelay
    {
        private readonly StartFtpLiteServerCommand _cmdlet;

        // Looked up once: -Wait holds the pipeline, so the preference cannot change, and a verbose line nobody sees
        // would cost every event a string and a walk through the variable scopes.
        private readonly bool _verbose;

        // Events wait here for the pipeline thread, which one posted delegate, made once, drains: an event costs the
        // server no closure and no delegate of its own.
        private readonly System.Collections.Concurrent.ConcurrentQueue<FtpServerEvent> _pending = new();
        private readonly Action _writePending;

        // One tag array per kind, shared by every record (the record copies the tags).
        private static readonly string[][] Tags = Enum.GetValues<FtpServerEventKind>().Select(kind => new[] { "FtpLite", kind.ToString() }).ToArray();

        public ServerEventRelay(StartFtpLiteServerCommand cmdlet)
        {
            _cmdlet = cmdlet;
            _verbose = IsVerbose(cmdlet);
            _writePending = WritePending;
        }

        public void Relay(FtpServerEvent serverEvent)
        {
            _pending.Enqueue(serverEvent);
            _cmdlet.Post(_writePending);
        }

        /// <summary>On the pipeline thread: every event queued so far, in order (a later post may find none left).</summary>
        private void WritePending()
        {
            while (_pending.TryDequeue(out var serverEvent))
            {
                // User and file names come from clients: a name holding ESC must not drive the admin's terminal.
                if (_verbose)
                {
                    _cmdlet.WriteVerbose($"{serverEvent.TimeUtc.ToLocalTime():HH:mm:ss} {serverEvent.Kind}: {ConsoleText.Escape(serverEvent.Message)}");
                }

                _cmdlet.WriteInformation(serverEvent, Tags[(int)serverEvent.Kind]);
                if (serverEvent.Kind == FtpServerEventKind.HandlerFailed)
                {
                    _cmdlet.WriteWarning(ConsoleText.Escape(serverEvent.Message));
                }
            }
        }

        /// <summary>-Verbose, or $VerbosePreference when -Verbose is not given.</summary>
        private static bool IsVerbose(PSCmdlet cmdlet) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("Verbose", out var given)
                ? LanguagePrimitives.IsTrue(given)
                : LanguagePrimitives.TryConvertTo<ActionPreference>(cmdlet.GetVariableValue("VerbosePreference"), out var preference)
                    && preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }
}
