using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using FtpLite.FileSystem;
using FtpLite.IO;
using FtpLite.Protocol;
using FtpLite.Server.Commands;
using FtpLite.Server.Data;

namespace FtpLite.Server;

/// <summary>
/// One client's control connection: reads commands, dispatches them to handlers, and runs data transfers
/// in the background so that ABOR and STAT are still heard while a transfer runs. Everything is
/// asynchronous; an idle connection holds no thread and no read buffer.
/// </summary>
internal sealed class FtpConnection : IAsyncDisposable
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);
    private const int ReplyChunkBytes = 16 * 1024;
    private static readonly TimeSpan ClientGonePoll = TimeSpan.FromSeconds(1);

    private readonly FtpServer _server;
    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly bool _implicitTls;
    private Stream _stream;
    private readonly FtpLineReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime;
    private readonly CancellationTokenSource _idle;
    private Task? _transfer;
    private CancellationTokenSource? _transferCancel;
    private volatile bool _controlClosed;
    private bool _quit;
    private int _loginFailures;
    private IFtpUpload? _unconfirmedUpload;
    private readonly long _connectedAt = Environment.TickCount64;
    private readonly Proxy.StrayHeaderDetector _strayHeader = new();
    private readonly CancellationTokenRegistration _drainRegistration;
    private volatile bool _draining;
    private static long _lastId;
    private volatile bool _endedByAdministrator;

    /// <param name="server">The server.</param>
    /// <param name="socket">The accepted control socket.</param>
    /// <param name="implicitTls">TLS from the first byte.</param>
    /// <param name="client">The real client: the socket's peer, or the one a balancer's PROXY header named.</param>
    /// <param name="balancer">The balancer the connection came through; null for a direct one.</param>
    /// <param name="serverStopping">Cancelled when the server stops.</param>
    /// <param name="serverDraining">Cancelled when the server stops taking new commands (a graceful stop).</param>
    public FtpConnection(FtpServer server, Socket socket, bool implicitTls, IPEndPoint client, IPEndPoint? balancer, CancellationToken serverStopping,
        CancellationToken serverDraining)
    {
        _server = server;
        _socket = socket;
        _implicitTls = implicitTls;
        _network = new NetworkStream(socket, ownsSocket: false);
        _stream = _network;
        _reader = new FtpLineReader(_stream, server.Options.MaxCommandLength, stripTelnet: true, releaseBufferWhenIdle: true);
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        _idle = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        FileSystem = server.Options.FileSystem;
        RemoteEndPoint = client;
        BalancerEndPoint = balancer;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _drainRegistration = serverDraining.UnsafeRegister(static state => _ = ((FtpConnection)state!).CloseWhenIdleAsync(), this);
    }

    public FtpServer Server => _server;

    /// <summary>A number for the administrator to name the session by (Stop-FtpLiteServerSession).</summary>
    public long Id { get; } = Interlocked.Increment(ref _lastId);

    public DateTime ConnectedUtc { get; } = DateTime.UtcNow;

    /// <summary>"Upload /path" while a transfer runs, for the administrator's view of sessions.</summary>
    public string? CurrentTransfer { get; private set; }

    public FtpServerOptions Options => _server.Options;

    /// <summary>What this session serves: the server's file system, or the logged-in account's own.</summary>
    public IFtpFileSystem FileSystem { get; private set; }

    /// <summary>
    /// The real client, whose address the limits, bans, logs and data-connection checks use: the socket's peer,
    /// or, through a listed balancer, the client its PROXY header named.
    /// </summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The load balancer this connection came through (it sent a PROXY header); null for a direct one.</summary>
    public IPEndPoint? BalancerEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The user named by USER, waiting for PASS.</summary>
    public string? PendingUserName { get; set; }

    /// <summary>The logged-in user; null before login.</summary>
    public string? UserName { get; private set; }

    public bool IsLoggedIn => UserName is not null;

    /// <summary>True when the user may change files.</summary>
    public bool CanWrite { get; private set; }

    public string WorkingDirectory { get; set; } = FtpPath.Root;

    /// <summary>
    /// TYPE I (image) rather than TYPE A. RFC 959 starts in ASCII, but FtpLite starts in binary, as it always sent
    /// files as stored: a client that never sends TYPE gets its bytes untouched.
    /// </summary>
    public bool BinaryMode { get; set; } = true;

    /// <summary>The offset set by REST for the next RETR/STOR.</summary>
    public long RestartOffset { get; set; }

    /// <summary>The algorithm HASH uses (OPTS HASH).</summary>
    public FtpHashAlgorithm HashAlgorithm { get; set; } = FtpHashAlgorithm.SHA256;

    /// <summary>The byte range, inclusive, RANG set for the next HASH.</summary>
    public (long Start, long End)? HashRange { get; set; }

    /// <summary>The path set by RNFR for the next RNTO.</summary>
    public string? RenameFrom { get; set; }

    public IDataChannel? DataChannel { get; private set; }

    /// <summary>True once the control connection runs over TLS (AUTH TLS or implicit FTPS).</summary>
    public bool IsTls => _stream is SslStream;

    /// <summary>PROT P: data connections are encrypted too.</summary>
    public bool ProtectData { get; set; }

    /// <summary>PBSZ was sent (RFC 4217 wants it before PROT).</summary>
    public bool ProtectionBufferSizeSet { get; set; }

    public bool IsTransferRunning => _transfer is { IsCompleted: false };

    public void SetDataChannel(IDataChannel? channel)
    {
        DataChannel?.Dispose();
        DataChannel = channel;
    }

    public void Login(string userName, bool canWrite, IFtpFileSystem? fileSystem = null)
    {
        UserName = userName;
        CanWrite = canWrite;
        FileSystem = fileSystem ?? FileSystem;
        _server.Slots.LoggedIn(PeerAddress.Normalize(RemoteEndPoint.Address));
        PendingUserName = null;
        Log(FtpServerEventKind.LoginSucceeded, $"{userName} logged in from {RemoteEndPoint}.");
    }

    /// <summary>
    /// Switches the control connection to TLS (after the 234 reply to AUTH TLS, or at once for implicit FTPS).
    /// Anything the client sent in plaintext after AUTH is thrown away, never run as a command.
    /// </summary>
    public async Task UpgradeToTlsAsync()
    {
        _reader.DiscardBuffered();
        SslStream ssl;
        try
        {
            ssl = await TlsSettings.AuthenticateAsync(_network, _server.TlsOptions!, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_lifetime.IsCancellationRequested)
        {
            // No fall-back to cleartext: a client that asked for TLS and did not get it is told nothing more,
            // and the connection closes (the AuthenticationException ends RunAsync).
            _quit = true;
            Log(FtpServerEventKind.Rejected, $"TLS handshake with {RemoteEndPoint} failed: {ex.GetType().Name}; closing the connection.");
            throw new AuthenticationException("The TLS handshake failed.", ex);
        }

        _stream = ssl;
        _reader.Stream = ssl;
    }

    /// <summary>Counts a failed login; returns how many there have been on this connection.</summary>
    public int CountLoginFailure() => ++_loginFailures;

    /// <summary>Ends the session after the current reply (QUIT).</summary>
    public void Close() => _quit = true;

    /// <summary>Ends the session now, as the server's stopping does, but with its own 421 text.</summary>
    public async Task EndByAdministratorAsync()
    {
        _endedByAdministrator = true;
        Log(FtpServerEventKind.Disconnected, $"Session {Id} of {UserName ?? "(not logged in)"} from {RemoteEndPoint} ended by the administrator.");
        await _lifetime.CancelAsync().ConfigureAwait(false);
    }

    public void Log(FtpServerEventKind kind, string message, string? path = null, long? bytes = null) =>
        _server.Report(new FtpServerEvent(DateTime.UtcNow, kind, message, RemoteEndPoint, UserName, path, bytes));

    /// <summary>Reports a change to a file or folder, with what it was, for scripts that act on it.</summary>
    public void LogChange(FtpServerChange change, string message, string path, string? fromPath = null) =>
        _server.Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.Changed, message, RemoteEndPoint, UserName, path)
        {
            Change = change,
            FromPath = fromPath,
        });

    /// <summary>Reports a failed login under the user name that was tried (there is no logged-in user yet).</summary>
    public void LogLoginFailure(string triedUserName, string message) =>
        _server.Report(new FtpServerEvent(DateTime.UtcNow, FtpServerEventKind.LoginFailed, message, RemoteEndPoint, triedUserName));

    /// <summary>Resolves a client-supplied path against the working directory; null when it is not a valid path.</summary>
    public string? ResolvePath(string argument) => FtpPath.Resolve(WorkingDirectory, argument);

    public async Task ReplyAsync(int code, string text)
    {
        if (text.Length > FtpReplyWriter.MaxLineChars)
        {
            await ReplyAsync(code, [text]).ConfigureAwait(false);
            return;
        }

        // The common case, every reply of a login or a transfer: formatted into a pooled buffer, no allocation.
        if (!await _writeLock.WaitAsync(WriteTimeout).ConfigureAwait(false))
        {
            throw new TimeoutException("The client does not read its replies.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(FtpReplyWriter.MaxLineBytes);
        try
        {
            var length = FtpReplyWriter.FormatLine(code, text, buffer);
            await WriteWithTimeoutAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _writeLock.Release();
        }
    }

    public async Task ReplyAsync(int code, IReadOnlyList<string> lines)
    {
        // Not tied to the connection's lifetime: "421 Server shutting down" must still go out. A client that
        // never reads its replies gets the timeout instead of holding the connection forever.
        if (!await _writeLock.WaitAsync(WriteTimeout).ConfigureAwait(false))
        {
            throw new TimeoutException("The client does not read its replies.");
        }

        try
        {
            // Written piece by piece: a client that does not read holds one piece, not the whole reply.
            foreach (var chunk in FtpReplyWriter.FormatChunks(code, lines, ReplyChunkBytes))
            {
                await WriteWithTimeoutAsync(chunk).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Writes under <see cref="WriteTimeout"/>. A reply almost always fits the socket's send buffer and completes at
    /// once: only a write that has to wait pays for the timer that bounds it.
    /// </summary>
    private ValueTask WriteWithTimeoutAsync(ReadOnlyMemory<byte> bytes)
    {
        var write = _stream.WriteAsync(bytes);
        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            return default;
        }

        return new ValueTask(write.AsTask().WaitAsync(WriteTimeout));
    }

    /// <summary>
    /// Replies to a failed file-system operation. Never echoes exception text: the client learns the kind of
    /// failure, not the server's paths.
    /// </summary>
    public Task ReplyAsync(FtpFileSystemException error) => error.Error switch
    {
        FtpFileSystemError.NotFound => ReplyAsync(550, "No such file or directory."),
        FtpFileSystemError.AccessDenied => ReplyAsync(550, "Permission denied."),
        FtpFileSystemError.AlreadyExists => ReplyAsync(550, "File exists."),
        FtpFileSystemError.NotEmpty => ReplyAsync(550, "Directory not empty."),
        FtpFileSystemError.InvalidName => ReplyAsync(553, "File name not allowed."),
        FtpFileSystemError.InsufficientStorage => ReplyAsync(452, "Insufficient storage space."),
        FtpFileSystemError.QuotaExceeded => ReplyAsync(552, "Quota exceeded: delete files to make room."),
        FtpFileSystemError.IsADirectory => ReplyAsync(550, "Not a plain file."),
        FtpFileSystemError.NotADirectory => ReplyAsync(550, "Not a directory."),
        FtpFileSystemError.NotARegularFile => ReplyAsync(550, "Not a regular file."),
        _ => ReplyAsync(451, "Local error in processing."),
    };

    /// <summary>
    /// Opens the prepared data connection and runs <paramref name="body"/> over it in the background; replies
    /// 150 once connected, then 226, or the failure. <paramref name="resource"/> (an open file, an upload) is
    /// disposed when the transfer ends, however it ends.
    /// </summary>
    public async Task StartTransferAsync(string openingText, IAsyncDisposable? resource, Func<TransferChannel, CancellationToken, Task<long>> body,
        FtpServerEventKind kind, string path)
    {
        var channel = DataChannel;
        DataChannel = null;
        RestartOffset = 0;
        if (channel is null || (Options.RequireTls && !ProtectData))
        {
            channel?.Dispose();
            if (resource is not null)
            {
                await resource.DisposeAsync().ConfigureAwait(false);
            }

            await (channel is null
                ? ReplyAsync(425, "Use PORT/EPRT or PASV/EPSV first.")
                : ReplyAsync(521, "Data connections must be encrypted: use PROT P.")).ConfigureAwait(false);
            return;
        }

        // The previous transfer has ended (commands wait for it), so its linked source can go.
        _transferCancel?.Dispose();
        _transferCancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        CurrentTransfer = $"{kind} {path}";
        _transfer = RunTransferAsync(channel, openingText, resource, body, kind, path, _transferCancel.Token);
    }

    /// <summary>
    /// Runs a long command with no data connection (HASH) in the background, as a transfer runs: ABOR cancels it
    /// (426, then 226 for the ABOR), the client leaving or the server stopping cancels it, and the next command
    /// waits for it, so one connection has at most one such command running. <paramref name="work"/> replies.
    /// </summary>
    public void StartBackgroundCommand(string verb, Func<CancellationToken, Task> work)
    {
        _transferCancel?.Dispose();
        _transferCancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        _transfer = RunBackgroundCommandAsync(verb, work, _transferCancel.Token);
    }

    private async Task RunBackgroundCommandAsync(string verb, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        // Off the read loop's stack: the loop goes back to reading, so ABOR and the client's leaving are heard.
        await Task.Yield();
        try
        {
            await work(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (!_controlClosed)
            {
                await TryReplyAsync(426, $"{verb} aborted.").ConfigureAwait(false);
            }
        }
        catch (FtpFileSystemException ex)
        {
            await TryReplyAsync(ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or TimeoutException or OperationCanceledException)
        {
            Log(FtpServerEventKind.Error, $"{verb} failed: {ex.GetType().Name}: {ex.Message}");
            await TryReplyAsync(451, "Local error in processing.").ConfigureAwait(false);
        }

        if (!_idle.IsCancellationRequested)
        {
            _idle.CancelAfter(Options.IdleTimeout);
        }
    }

    /// <summary>
    /// True when the client has closed the control connection. An upload whose client vanished is not
    /// committed: a killed client's data connection ends like a complete one.
    /// </summary>
    public bool IsControlClosed()
    {
        if (_controlClosed)
        {
            return true;
        }

        try
        {
            return _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>
    /// Keeps a committed upload open until the client shows it took the transfer's 226: by sending its next command
    /// (it is confirmed, the upload disposed), or, when the control connection ends, by the TCP state
    /// (<see cref="ClientReceipt"/>). A client killed mid-upload ends its data connection as a finished one does and
    /// its control connection up to milliseconds later (SECURITY.md, "Nothing lost"), so the commit is taken back
    /// then. The transfer calls this after the commit; a transfer that then fails takes its commit back at once.
    /// </summary>
    public void AwaitReceipt(IFtpUpload upload) => _unconfirmedUpload = upload;

    /// <summary>ABOR: cancels the running transfer (it replies 426) and waits for it to finish.</summary>
    public async Task<bool> AbortTransferAsync()
    {
        if (!IsTransferRunning)
        {
            SetDataChannel(null);
            return false;
        }

        await _transferCancel!.CancelAsync().ConfigureAwait(false);
        await _transfer!.ConfigureAwait(false);
        return true;
    }

    public async Task RunAsync()
    {
        try
        {
            if (_implicitTls)
            {
                await UpgradeToTlsAsync().ConfigureAwait(false);
            }

            await ReplyAsync(220, "FtpLite ready.").ConfigureAwait(false);
            while (!_quit)
            {
                if (!IsLoggedIn)
                {
                    // The login deadline counts from the connection, so NOOPs cannot keep a slot forever.
                    var left = LoginTimeLeft();
                    if (left <= TimeSpan.Zero)
                    {
                        Log(FtpServerEventKind.Rejected, $"{RemoteEndPoint} did not log in within {Options.LoginTimeout.TotalSeconds:0.#} s.");
                        await TryReplyAsync(421, "Login timeout: closing control connection.").ConfigureAwait(false);
                        break;
                    }

                    _idle.CancelAfter(left < Options.IdleTimeout ? left : Options.IdleTimeout);
                }
                else if (!IsTransferRunning)
                {
                    _idle.CancelAfter(Options.IdleTimeout);
                }

                var (status, line) = await _reader.ReadLineAsync(_idle.Token).ConfigureAwait(false);
                if (status == LineReadStatus.EndOfStream)
                {
                    break;
                }

                if (status == LineReadStatus.TooLong)
                {
                    await ReplyAsync(500, "Command too long.").ConfigureAwait(false);
                    continue;
                }

                if (!IsLoggedIn && _strayHeader.Observe(line))
                {
                    // Only listed balancers may name another client: anyone else doing so is refused, not served.
                    Log(FtpServerEventKind.Rejected, $"{RemoteEndPoint} sent a PROXY protocol header but is not a listed balancer (-ProxyProtocolFrom); closing.");
                    await TryReplyAsync(421, "PROXY protocol headers are not accepted from your address.").ConfigureAwait(false);
                    break;
                }

                await DispatchAsync(line).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException
            or TimeoutException or AuthenticationException)
        {
            // A cancelled read can surface as an IOException as well as an OperationCanceledException: the
            // server's own state says whether it is stopping. The transfer ends first, so clients hear 426 for it,
            // then 421 for the session.
            await EndTransferAsync().ConfigureAwait(false);
            await SettleUploadAsync(ClientReceipt.TookEveryReply(_socket, endedInError: ex is not OperationCanceledException && !_lifetime.IsCancellationRequested))
                .ConfigureAwait(false);
            if (_lifetime.IsCancellationRequested || _draining)
            {
                await TryReplyAsync(421, _endedByAdministrator ? "Session ended by the administrator." : "Server shutting down.").ConfigureAwait(false);
            }
            else if (ex is OperationCanceledException)
            {
                await TryReplyAsync(421, IsLoggedIn || LoginTimeLeft() > TimeSpan.Zero
                    ? "Timeout: closing control connection."
                    : "Login timeout: closing control connection.").ConfigureAwait(false);
            }

            // Otherwise the client went away, stopped reading or failed the TLS handshake: nothing to tell it.
        }
        finally
        {
            _controlClosed = true;
            await EndTransferAsync().ConfigureAwait(false);
            await SettleUploadAsync(ClientReceipt.TookEveryReply(_socket, endedInError: false)).ConfigureAwait(false);
            if (_stream is SslStream ssl)
            {
                await TlsSettings.CloseAsync(ssl).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _drainRegistration.DisposeAsync().ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await EndTransferAsync().ConfigureAwait(false);
        await SettleUploadAsync(clientTookReply: true).ConfigureAwait(false);
        SetDataChannel(null);
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _network.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _idle.Dispose();
        _lifetime.Dispose();
        _transferCancel?.Dispose();
    }

    private async Task DispatchAsync(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = AsciiVerb.Normalize((space < 0 ? line : line[..space]).Trim());
        var argument = space < 0 ? string.Empty : line[(space + 1)..];
        if (verb.Length == 0)
        {
            await ReplyAsync(500, "Empty command.").ConfigureAwait(false);
            return;
        }

        if (IsTransferRunning)
        {
            if (verb == "ABOR")
            {
                await AbortTransferAsync().ConfigureAwait(false);
                await ReplyAsync(226, "ABOR successful.").ConfigureAwait(false);
                return;
            }

            if (verb == "STAT")
            {
                await ReplyAsync(213, "Data transfer in progress.").ConfigureAwait(false);
                return;
            }

            // Anything else waits for the transfer, as RFC 959 orders.
            await WaitForTransferAsync().ConfigureAwait(false);
        }

        // A command after the transfer's 226: the client is there, so its upload stands.
        await SettleUploadAsync(clientTookReply: true).ConfigureAwait(false);

        if (_draining)
        {
            // The server is stopping: what runs may finish, nothing new starts.
            await ReplyAsync(421, "Server shutting down.").ConfigureAwait(false);
            _quit = true;
            return;
        }

        var handler = _server.Commands.Find(verb);
        if (handler is null)
        {
            await ReplyAsync(500, "Unknown command.").ConfigureAwait(false);
            return;
        }

        if (handler.RequiresLogin && !IsLoggedIn)
        {
            await ReplyAsync(530, "Please login with USER and PASS.").ConfigureAwait(false);
            return;
        }

        if (verb != "RNTO")
        {
            // RNFR's path lives for exactly one following command.
            RenameFrom = verb == "RNFR" ? RenameFrom : null;
        }

        try
        {
            await handler.HandleAsync(this, argument, _lifetime.Token).ConfigureAwait(false);
        }
        catch (FtpFileSystemException error)
        {
            await ReplyAsync(error).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not AuthenticationException && (ex is not OperationCanceledException || !_lifetime.IsCancellationRequested))
        {
            Log(FtpServerEventKind.Error, $"{verb} failed: {ex.GetType().Name}: {ex.Message}");
            await ReplyAsync(451, "Local error in processing.").ConfigureAwait(false);
        }
    }

    private async Task RunTransferAsync(IDataChannel channel, string openingText, IAsyncDisposable? resource,
        Func<TransferChannel, CancellationToken, Task<long>> body, FtpServerEventKind kind, string path, CancellationToken cancellationToken)
    {
        Socket? socket = null;
        long bytes = 0;
        var started = Environment.TickCount64;
        var succeeded = false;

        // The final reply goes out only after the cleanup below: a client told "426" or "226" must find no
        // leftover temporary file and a settled directory.
        Func<Task> reply = () => Task.CompletedTask;
        try
        {
            socket = await channel.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ReplyAsync(150, openingText).ConfigureAwait(false);
            await using (var network = new NetworkStream(socket, ownsSocket: false))
            {
                // Over TLS the client cannot resume our session on a data connection we could check, so the
                // passive listener's peer-address check is what ties the two connections together.
                await using var ssl = ProtectData
                    ? await TlsSettings.AuthenticateAsync(network, _server.DataTlsOptions!, cancellationToken).ConfigureAwait(false)
                    : null;
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                stall.CancelAfter(Options.DataTimeout);
                var timeout = Options.DataTimeout;
                var channelForBody = new TransferChannel(new StallGuardStream(ssl ?? (Stream)network, stall, timeout), ssl is null ? socket : null,
                    () => stall.CancelAfter(timeout));
                bytes = await body(channelForBody, stall.Token).ConfigureAwait(false);
                if (ssl is not null)
                {
                    await TlsSettings.CloseAsync(ssl).ConfigureAwait(false);
                }

                socket.Shutdown(SocketShutdown.Both);
            }

            _server.Report(new FtpServerEvent(DateTime.UtcNow, kind, $"{kind} of {path} finished: {bytes} bytes.", RemoteEndPoint, UserName, path, bytes)
            {
                Duration = TimeSpan.FromMilliseconds(Environment.TickCount64 - started),
            });
            _server.CountBytes(kind, bytes);
            succeeded = true;
        }
        catch (DataConnectionException ex)
        {
            reply = () => TryReplyAsync(425, ex.Reply);
        }
        catch (FtpFileSystemException ex)
        {
            Log(FtpServerEventKind.TransferFailed, $"{kind} of {path} failed: {ex.Error}.", path);
            reply = () => TryReplyAsync(ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or AuthenticationException)
        {
            Log(FtpServerEventKind.TransferFailed, $"{kind} of {path} failed or was aborted: {ex.GetType().Name}: {ex.Message}", path);
            if (!_controlClosed)
            {
                var text = _transferCancel?.IsCancellationRequested == true ? "Transfer aborted." : "Connection closed; transfer aborted.";
                reply = () => TryReplyAsync(426, text);
            }
        }
        catch (Exception ex)
        {
            Log(FtpServerEventKind.Error, $"{kind} of {path} failed: {ex.GetType().Name}: {ex.Message}", path);
            reply = () => TryReplyAsync(451, "Local error in processing.");
        }
        finally
        {
            socket?.Dispose();
            channel.Dispose();
            if (resource is not null)
            {
                await resource.DisposeAsync().ConfigureAwait(false);
            }
        }

        CurrentTransfer = null;
        if (succeeded)
        {
            // An upload whose 226 cannot be written was not taken: its commit goes back.
            if (!await TryReplyAsync(226, "Transfer complete.").ConfigureAwait(false))
            {
                await SettleUploadAsync(clientTookReply: false).ConfigureAwait(false);
            }
        }
        else
        {
            // A client told the transfer failed must not find it committed.
            await SettleUploadAsync(clientTookReply: false).ConfigureAwait(false);
            await reply().ConfigureAwait(false);
        }

        if (!_idle.IsCancellationRequested)
        {
            _idle.CancelAfter(Options.IdleTimeout);
        }
    }

    /// <summary>Confirms the upload awaiting its receipt (<see cref="AwaitReceipt"/>), or takes its commit back.</summary>
    private async Task SettleUploadAsync(bool clientTookReply)
    {
        if (Interlocked.Exchange(ref _unconfirmedUpload, null) is not { } upload)
        {
            return;
        }

        await using (upload.ConfigureAwait(false))
        {
            if (clientTookReply)
            {
                return;
            }

            try
            {
                if (await upload.RevertAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    Log(FtpServerEventKind.TransferFailed, "The client left before it read the upload's 226: the upload was taken back.");
                }
            }
            catch (Exception ex) when (ex is FtpFileSystemException or IOException or UnauthorizedAccessException)
            {
                Log(FtpServerEventKind.Error, $"Taking back an upload whose client left failed: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Waits for the running transfer or HASH. Meanwhile nobody reads the control connection, so a client that
    /// pipelined commands and left would go unnoticed: it is looked for every second, and its work cancelled.
    /// </summary>
    private async Task WaitForTransferAsync()
    {
        var running = _transfer!;
        while (!running.IsCompleted && !_lifetime.IsCancellationRequested)
        {
            await Task.WhenAny(running, Task.Delay(ClientGonePoll, _lifetime.Token)).ConfigureAwait(false);
            if (!running.IsCompleted && IsControlClosed())
            {
                _controlClosed = true;
                await _transferCancel!.CancelAsync().ConfigureAwait(false);
            }
        }

        await running.ConfigureAwait(false);
    }

    /// <summary>
    /// The server is stopping with a grace period: once the running transfer (if any) has replied, the wait for
    /// the next command ends, and the client gets 421. The transfer itself is never cut here.
    /// </summary>
    private async Task CloseWhenIdleAsync()
    {
        _draining = true;
        while (_transfer is { IsCompleted: false } running)
        {
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The transfer reports its own failures; all that matters here is that it ended.
            }
        }

        // The transfer's 226 is out; ending the session before the client's kernel acknowledged it would look like a
        // client that never read it, and take its upload back (see ClientReceipt). On a live connection that takes
        // a round trip: wait for it, briefly, and never past the grace period.
        for (var i = 0; i < 200 && !_lifetime.IsCancellationRequested && !ClientReceipt.TookEveryReply(_socket, endedInError: false); i++)
        {
            try
            {
                await Task.Delay(10, _lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
        }

        try
        {
            await _idle.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The connection closed meanwhile.
        }
    }

    private async Task EndTransferAsync()
    {
        if (IsTransferRunning)
        {
            try
            {
                await _transferCancel!.CancelAsync().ConfigureAwait(false);
                await _transfer!.ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private TimeSpan LoginTimeLeft() => Options.LoginTimeout - TimeSpan.FromMilliseconds(Environment.TickCount64 - _connectedAt);

    private Task<bool> TryReplyAsync(FtpFileSystemException error) => Swallow(ReplyAsync(error));

    private Task<bool> TryReplyAsync(int code, string text) => Swallow(ReplyAsync(code, text));

    /// <summary>Best effort: the client may already be gone. False when the reply could not be written.</summary>
    private static async Task<bool> Swallow(Task reply)
    {
        try
        {
            await reply.ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }
}
