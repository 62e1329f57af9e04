using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FtpLite.FileSystem;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server;

/// <summary>
/// An FTP server. <see cref="StartAsync"/> binds and returns; connections are served asynchronously (no
/// thread per connection) until <see cref="StopAsync()"/>.
/// </summary>
public sealed class FtpServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<FtpConnection, Task> _connections = new();
    private readonly ConcurrentDictionary<Task, bool> _balancerAdmissions = new();
    private readonly CancellationTokenSource _stopping = new();

    // Cancelled first when the server stops with a grace period: no new connections or commands, running
    // transfers go on. _stopping follows when they are done or the grace period is over.
    private readonly CancellationTokenSource _draining = new();
    private Socket? _listener;
    private Socket? _implicitListener;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _implicitAcceptLoop = Task.CompletedTask;
    private JsonLinesLog? _logFile;
    private Uri? _uri; // made once the port is known: every event a host hands on names the server by it
    private long _totalConnections;
    private long _bytesSent;
    private long _bytesReceived;
    private int _fileSystemReleased;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    public FtpServer(FtpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Port = options.Port;
        var anonymous = options.AnonymousAccess
            ?? (options.Users.Count == 0 && options.AccountPath is null && IPAddress.IsLoopback(options.Address) ? FtpAnonymousAccess.ReadWrite : FtpAnonymousAccess.None);
        var accounts = options.AccountPath is null ? null
            : new Accounts.FtpAccountLogins(new Accounts.FtpAccountStore(options.AccountPath, AccountsChanged), options.TimeProvider);
        Authenticator = new FtpAuthenticator(options.Users, anonymous, accounts);
        Defender = new LoginDefender(options);
        PassivePorts = new Data.PassivePortShare(options.PassivePortRange);
        Slots = new ConnectionSlots(options.MaxConnectionsPerIP, options.MaxPendingLoginsPerIP);
        if (options.Certificate is not null)
        {
            if (!options.Certificate.HasPrivateKey)
            {
                throw new ArgumentException("The TLS certificate has no private key.", nameof(options));
            }

            var context = TlsSettings.CreateContext(options.Certificate);
            TlsOptions = TlsSettings.ServerOptions(context);
            DataTlsOptions = TlsSettings.DataOptions(context);
        }
        else if (options.RequireTls || options.ImplicitTlsPort is not null)
        {
            throw new ArgumentException("RequireTls and ImplicitTlsPort need a certificate.", nameof(options));
        }
    }

    /// <summary>The options the server runs with.</summary>
    public FtpServerOptions Options { get; }

    /// <summary>The address listened on.</summary>
    public IPAddress Address => Options.Address;

    /// <summary>The bound port (the chosen one when the options asked for 0).</summary>
    public int Port { get; private set; }

    /// <summary>Where clients reach the server, e.g. ftp://127.0.0.1:1452/.</summary>
    public Uri Uri => _uri ??= new UriBuilder("ftp", Address.ToString(), Port, "/").Uri;

    /// <summary>The physical folder served, for a file system that serves a local folder.</summary>
    public string? Root => (Options.FileSystem as IFtpLocalFolder)?.Root;

    /// <summary>What anonymous users may do.</summary>
    public FtpAnonymousAccess AnonymousAccess => Authenticator.Anonymous;

    /// <summary>Created, running, stopping or stopped.</summary>
    public FtpServerState State { get; private set; }

    /// <summary>When the server started, in UTC.</summary>
    public DateTime? StartTimeUtc { get; private set; }

    /// <summary>Connections open now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>The clients connected now: who, from where, what they transfer (Get-FtpLiteServer shows them).</summary>
    public IReadOnlyList<FtpServerSession> Sessions =>
        [.. _connections.Keys.Select(connection => new FtpServerSession(this, connection)).OrderBy(session => session.Id)];

    /// <summary>Ends the session with this <see cref="FtpServerSession.Id"/>; false when there is none.</summary>
    public async Task<bool> StopSessionAsync(long id)
    {
        var connection = _connections.Keys.FirstOrDefault(c => c.Id == id);
        if (connection is null)
        {
            return false;
        }

        await connection.EndByAdministratorAsync().ConfigureAwait(false);
        if (_connections.TryGetValue(connection, out var ended))
        {
            await ended.ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Connections accepted since the start.</summary>
    public long TotalConnections => Interlocked.Read(ref _totalConnections);

    /// <summary>File bytes sent to clients.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>File bytes received from clients.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    internal CommandRegistry Commands { get; } = CommandRegistry.Default;

    internal FtpAuthenticator Authenticator { get; }

    /// <summary>Failed-login penalties and bans.</summary>
    internal LoginDefender Defender { get; }

    /// <summary>Each client address's share of the passive port range.</summary>
    internal Data.PassivePortShare PassivePorts { get; }

    /// <summary>Connections per address, logged in or not.</summary>
    internal ConnectionSlots Slots { get; }

    /// <summary>The TLS settings shared by every connection; null without a certificate.</summary>
    internal System.Net.Security.SslServerAuthenticationOptions? TlsOptions { get; }

    /// <summary>The TLS settings of data connections (see <see cref="TlsSettings.DataOptions"/>).</summary>
    internal System.Net.Security.SslServerAuthenticationOptions? DataTlsOptions { get; }

    /// <summary>The bound implicit-FTPS port, when one was asked for.</summary>
    public int? ImplicitTlsPort { get; private set; }

    /// <summary>True when the server has a certificate and speaks FTPS.</summary>
    public bool TlsEnabled => TlsOptions is not null;

    /// <summary>Binds the control port and starts accepting connections.</summary>
    /// <exception cref="InvalidOperationException">The configuration would let nobody log in, or anyone in from a network.</exception>
    /// <exception cref="SocketException">The address or port cannot be bound.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (State != FtpServerState.Created)
        {
            throw new InvalidOperationException("The server was already started.");
        }

        if (Authenticator.Anonymous == FtpAnonymousAccess.None && Options.Users.Count == 0 && Options.AccountPath is null)
        {
            throw new InvalidOperationException(IPAddress.IsLoopback(Options.Address)
                ? "No user could log in: give users, or allow anonymous access."
                : $"Refusing to serve {Options.Address} without users: give credentials, or allow anonymous access explicitly.");
        }

        _logFile = Options.LogPath is null ? null : new JsonLinesLog(Options.LogPath);
        Socket listener;
        try
        {
            listener = Listen(Options.Port);
        }
        catch
        {
            _logFile?.Dispose();
            _logFile = null;
            throw;
        }

        Socket? implicitListener = null;
        if (Options.ImplicitTlsPort is { } implicitPort)
        {
            try
            {
                implicitListener = Listen(implicitPort);
            }
            catch
            {
                listener.Dispose();
                _logFile?.Dispose();
                _logFile = null;
                throw;
            }
        }

        if (Options.FileSystem is IFtpStaleUploadCleanup cleanup && cleanup.RemoveStaleUploads() is > 0 and var removed)
        {
            Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Changed,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Removed {removed} staged upload(s) a previous run left behind.")));
        }

        _listener = listener;
        _implicitListener = implicitListener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _uri = null;
        ImplicitTlsPort = (implicitListener?.LocalEndPoint as IPEndPoint)?.Port;
        State = FtpServerState.Running;
        StartTimeUtc = DateTime.UtcNow;
        _acceptLoop = AcceptLoopAsync(listener, implicitTls: false);
        if (implicitListener is not null)
        {
            _implicitAcceptLoop = AcceptLoopAsync(implicitListener, implicitTls: true);
        }

        Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Started, $"Serving {Root ?? "files"} on {Address}:{Port}."));
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, tells connected clients (421) and waits for them to close.</summary>
    public Task StopAsync() => StopAsync(TimeSpan.Zero);

    /// <summary>
    /// Stops accepting connections and commands at once, lets the transfers that are running finish for up to
    /// <paramref name="gracePeriod"/>, then ends what remains (426 for a transfer: an unfinished upload leaves
    /// nothing under its name) and tells every client 421. Idle connections get their 421 at once, others right
    /// after their transfer's reply.
    /// </summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (State is FtpServerState.Stopped or FtpServerState.Created)
        {
            State = FtpServerState.Stopped;
            await ReleaseFileSystemAsync().ConfigureAwait(false);
            return;
        }

        State = FtpServerState.Stopping;
        await _draining.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        _implicitListener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        await _implicitAcceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_balancerAdmissions.Keys).ConfigureAwait(false);
        var connections = Task.WhenAll(_connections.Values);
        if (gracePeriod > TimeSpan.Zero && !connections.IsCompleted)
        {
            Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Stopping, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Stopping: no new connections; waiting up to {gracePeriod.TotalSeconds:0.#} s for {_connections.Keys.Count(c => c.Transfers.IsRunning)} running transfer(s).")));
            await Task.WhenAny(connections, Task.Delay(gracePeriod)).ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await connections.ConfigureAwait(false);
        State = FtpServerState.Stopped;
        Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Stopped, $"Stopped serving on {Address}:{Port}."));
        Authenticator.Accounts?.Dispose();
        _logFile?.Dispose();
        _logFile = null;
        await ReleaseFileSystemAsync().ConfigureAwait(false);
    }

    /// <summary>Disposes the file system once, when the options say the server owns it.</summary>
    private async Task ReleaseFileSystemAsync()
    {
        if (!Options.OwnsFileSystem || Interlocked.Exchange(ref _fileSystemReleased, 1) != 0)
        {
            return;
        }

        if (Options.FileSystem is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (Options.FileSystem is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Authenticator.Accounts?.Dispose();
        _stopping.Dispose();
        _draining.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Uri} ({State})";

    /// <summary>
    /// Adds an event to the server's log (<see cref="FtpServerOptions.LogPath"/> and <see cref="FtpServerOptions.Log"/>):
    /// how a host reports what its own handlers of the server's events did (<see cref="FtpServerEventKind.HandlerFailed"/>).
    /// </summary>
    public void Report(FtpServerEvent serverEvent)
    {
        ArgumentNullException.ThrowIfNull(serverEvent);
        try
        {
            _logFile?.Write(serverEvent);
            Options.Log?.Invoke(serverEvent);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failing log sink (or a full log disk) must not take a connection down with it.
        }
    }

    private void AccountsChanged(string message) => Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Changed, message));

    internal void CountBytes(FtpServerEventKind kind, long bytes)
    {
        if (kind == FtpServerEventKind.Upload)
        {
            Interlocked.Add(ref _bytesReceived, bytes);
        }
        else if (kind == FtpServerEventKind.Download)
        {
            Interlocked.Add(ref _bytesSent, bytes);
        }
    }

    private Socket Listen(int port)
    {
        var listener = new Socket(Options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (Options.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(new IPEndPoint(Options.Address, port));
            listener.Listen(512);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync(Socket listener, bool implicitTls)
    {
        while (!_draining.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_draining.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection that failed during the handshake; keep accepting.
                continue;
            }

            Interlocked.Increment(ref _totalConnections);
            socket.NoDelay = true;
            var peer = (IPEndPoint)socket.RemoteEndPoint!;
            if (_connections.Count + _balancerAdmissions.Count >= Options.MaxConnections)
            {
                _ = RejectAsync(socket, "421 Too many users connected; try again later.\r\n", peer);
                continue;
            }

            if (Options.ProxyProtocolFrom.Contains(peer.Address))
            {
                // The real client is named in the balancer's header, read off this loop so a slow balancer holds up nobody.
                var admission = AdmitFromBalancerAsync(socket, peer, implicitTls);
                _balancerAdmissions[admission] = true;
                _ = admission.ContinueWith(done => _balancerAdmissions.TryRemove(done, out _), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                continue;
            }

            Admit(socket, peer, balancer: null, implicitTls);
        }
    }

    /// <summary>
    /// Serves a connection from <paramref name="client"/> (the real client; <paramref name="balancer"/> is the
    /// balancer it came through, if any) unless its address is banned or holds its share of connections.
    /// </summary>
    private void Admit(Socket socket, IPEndPoint client, IPEndPoint? balancer, bool implicitTls)
    {
        var address = Data.PeerAddress.Normalize(client.Address);
        if (Defender.BanRemaining(address) is { } ban)
        {
            _ = RejectAsync(socket, $"421 Too many failed logins: your address is banned for {BanText(ban)}.\r\n", client);
            return;
        }

        if (Slots.TryTake(address) is { } refusal)
        {
            _ = RejectAsync(socket, $"421 {refusal}\r\n", client);
            return;
        }

        var connection = new FtpConnection(this, socket, implicitTls, client, balancer, _stopping.Token, _draining.Token);
        var run = new TaskCompletionSource();
        _connections[connection] = run.Task;
        _ = ServeAsync(connection, run);
    }

    /// <summary>
    /// A listed balancer's connection: it must begin with a valid PROXY header (read with a deadline and a size
    /// limit), or it is closed unanswered. A LOCAL header (a health check) keeps the balancer's own address.
    /// </summary>
    private async Task AdmitFromBalancerAsync(Socket socket, IPEndPoint balancer, bool implicitTls)
    {
        Proxy.ProxyParseResult result;
        try
        {
            result = await Proxy.ProxyHeaderReader.ReadAsync(socket, Options.ProxyHeaderTimeout, _draining.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            result = Proxy.ProxyParseResult.Bad(_draining.IsCancellationRequested ? "the server is stopping" : $"{ex.GetType().Name}: {ex.Message}");
        }

        if (result.Header is not { } header || _draining.IsCancellationRequested)
        {
            Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Rejected,
                $"{balancer} refused: a listed balancer's connection must begin with a valid PROXY protocol header: {result.Error ?? "the server is stopping"}.", balancer));
            socket.Dispose();
            return;
        }

        if (header.Source is { } client)
        {
            Admit(socket, client, balancer, implicitTls);
        }
        else
        {
            Admit(socket, balancer, balancer: null, implicitTls);
        }
    }

    /// <summary>"15 minutes", "40 seconds": how long a ban lasts, for its 421.</summary>
    internal static string BanText(TimeSpan ban) => ban >= TimeSpan.FromMinutes(2)
        ? $"{Math.Ceiling(ban.TotalMinutes):0} minutes"
        : $"{Math.Ceiling(ban.TotalSeconds):0} seconds";

    private async Task RejectAsync(Socket socket, string reply, IPEndPoint remote)
    {
        Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Rejected, $"{remote} refused: {reply.Trim()}", remote));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(reply), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task ServeAsync(FtpConnection connection, TaskCompletionSource done)
    {
        var remote = connection.RemoteEndPoint;
        var through = connection.BalancerEndPoint is { } balancer ? $" through the balancer {balancer}" : string.Empty;
        Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Connected, $"{remote} connected{through}.", remote));
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Error, $"Connection from {remote} failed: {ex.GetType().Name}: {ex.Message}", remote));
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            _connections.TryRemove(connection, out _);
            Slots.Release(Data.PeerAddress.Normalize(remote.Address), connection.IsLoggedIn);
            Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Disconnected, $"{remote} disconnected.", remote, connection.UserName));
            done.TrySetResult();
        }
    }
}
