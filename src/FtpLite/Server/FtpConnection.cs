using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using FtpLite.FileSystem;
using FtpLite.IO;
using FtpLite.Protocol;
using FtpLite.Server.CommandTable;
using FtpLite.Server.Data;
using FtpLite.Server.Session;
using FtpLite.Server.Transfers;

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

    private readonly FtpServer _server;
    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly bool _implicitTls;
    private Stream _stream;
    private readonly FtpLineReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime;
    private readonly CancellationTokenSource _idle;
    private volatile bool _controlClosed;
    private bool _quit;
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

        // Non-blocking for the one synchronous call made on it, the reply write (WriteWithTimeoutAsync); reads, TLS and
        // waits stay asynchronous, which this flag does not touch. Set after the stream, which refuses such a socket.
        socket.Blocking = false;
        _stream = _network;
        _reader = new FtpLineReader(_stream, server.Options.MaxCommandLength, stripTelnet: true, releaseBufferWhenIdle: true);
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        _idle = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        FileSystem = server.Options.FileSystem;
        RemoteEndPoint = client;
        BalancerEndPoint = balancer;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Transfers = new TransferLifecycle(this, _lifetime.Token);
        _drainRegistration = serverDraining.UnsafeRegister(static state => _ = ((FtpConnection)state!).CloseWhenIdleAsync(), this);
    }

    public FtpServer Server => _server;

    /// <summary>A number for the administrator to name the session by (Stop-FtpLiteServerSession).</summary>
    public long Id { get; } = Interlocked.Increment(ref _lastId);

    public DateTime ConnectedUtc { get; } = DateTime.UtcNow;

    /// <summary>"Upload /path" while a transfer runs, for the administrator's view of sessions.</summary>
    public string? CurrentTransfer { get; set; }

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

    /// <summary>What this client's commands have set: login, paths, REST, HASH, TLS, the next data connection.</summary>
    public FtpSession Session { get; } = new();

    /// <summary>The logged-in user; null before login.</summary>
    public string? UserName => Session.Login.UserName;

    public bool IsLoggedIn => Session.Login.IsLoggedIn;

    /// <summary>True once the control connection runs over TLS (AUTH TLS or implicit FTPS).</summary>
    public bool IsTls => _stream is SslStream;

    /// <summary>The running transfer (or HASH), if any, and its end.</summary>
    public TransferLifecycle Transfers { get; }

    public void Login(string userName, bool canWrite, IFtpFileSystem? fileSystem = null)
    {
        Session.Login.LoggedIn(userName, canWrite);
        FileSystem = fileSystem ?? FileSystem;
        _server.Slots.LoggedIn(PeerAddress.Normalize(RemoteEndPoint.Address));
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
    public string? ResolvePath(string argument) => FtpPath.Resolve(Session.WorkingDirectory, argument);

    public async Task ReplyAsync(int code, string text)
    {
        if (text.Length > FtpReplyWriter.MaxLineChars)
        {
            await ReplyAsync(code, [text]).ConfigureAwait(false);
            return;
        }

        // The common case, every reply of a login or a transfer: formatted into a pooled buffer, no allocation.
        await EnterWriteAsync().ConfigureAwait(false);

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
        await EnterWriteAsync().ConfigureAwait(false);

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
    /// One reply at a time. Not tied to the connection's lifetime: "421 Server shutting down" must still go out. A
    /// client that never reads its replies gets the timeout instead of holding the connection forever.
    /// </summary>
    private async Task EnterWriteAsync()
    {
        if (!await _writeLock.WaitAsync(WriteTimeout).ConfigureAwait(false))
        {
            throw new TimeoutException("The client does not read its replies.");
        }
    }

    /// <summary>
    /// Writes under <see cref="WriteTimeout"/>. A reply almost always fits the socket's send buffer and completes at
    /// once: only a write that has to wait pays for the timer that bounds it.
    /// </summary>
    private ValueTask WriteWithTimeoutAsync(ReadOnlyMemory<byte> bytes)
    {
        if (ReferenceEquals(_stream, _network))
        {
            // Plain FTP: one non-blocking send, which almost always takes the whole reply, and no awaitable made for it
            // (the socket would keep that one for the rest of the connection's life). Only what is left waits.
            var sent = _socket.Send(bytes.Span, SocketFlags.None, out var error);
            if (sent == bytes.Length)
            {
                return default;
            }

            if (error is not (SocketError.Success or SocketError.WouldBlock))
            {
                throw new IOException($"Unable to write the reply: {error}.", new SocketException((int)error));
            }

            bytes = bytes[sent..];
        }

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
        FtpFileSystemError.NotFound => ReplyAsync(550, FtpReplyText.NoSuchFile),
        FtpFileSystemError.AccessDenied => ReplyAsync(550, FtpReplyText.PermissionDenied),
        FtpFileSystemError.AlreadyExists => ReplyAsync(550, "File exists."),
        FtpFileSystemError.NotEmpty => ReplyAsync(550, "Directory not empty."),
        FtpFileSystemError.InvalidName => ReplyAsync(553, FtpReplyText.FileNameNotAllowed),
        FtpFileSystemError.InsufficientStorage => ReplyAsync(452, "Insufficient storage space."),
        FtpFileSystemError.QuotaExceeded => ReplyAsync(552, "Quota exceeded: delete files to make room."),
        FtpFileSystemError.IsADirectory => ReplyAsync(550, FtpReplyText.NotAPlainFile),
        FtpFileSystemError.NotADirectory => ReplyAsync(550, "Not a directory."),
        FtpFileSystemError.NotARegularFile => ReplyAsync(550, "Not a regular file."),
        FtpFileSystemError.ChangedDuringTransfer => ReplyAsync(451, "The file changed during the transfer (it was cut short): retry to get it whole."),
        _ => ReplyAsync(451, FtpReplyText.LocalError),
    };

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
            _controlClosed = _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _controlClosed = true;
        }

        return _controlClosed;
    }

    /// <summary>True once the connection is known to be closed (no new look at the socket).</summary>
    public bool IsControlKnownClosed => _controlClosed;

    /// <summary>Stops the idle timeout while a transfer runs.</summary>
    public void PauseIdleTimer() => _idle.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>Starts the idle timeout again when a transfer ends (unless it has already fired).</summary>
    public void RestartIdleTimer()
    {
        if (!_idle.IsCancellationRequested)
        {
            _idle.CancelAfter(Options.IdleTimeout);
        }
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
                else if (!Transfers.IsRunning)
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
            await Transfers.EndAsync().ConfigureAwait(false);
            await Transfers.SettleUploadAsync(ClientReceipt.TookEveryReply(_socket, endedInError: ex is not OperationCanceledException && !_lifetime.IsCancellationRequested))
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
            await Transfers.EndAsync().ConfigureAwait(false);
            await Transfers.SettleUploadAsync(ClientReceipt.TookEveryReply(_socket, endedInError: false)).ConfigureAwait(false);
            if (_stream is SslStream ssl)
            {
                await TlsSettings.CloseAsync(ssl).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _drainRegistration.DisposeAsync().ConfigureAwait(false);

        // Cancel, not CancelAsync: the session is over, so its callbacks may run here, and no task is made for them.
        _lifetime.Cancel();
        await Transfers.EndAsync().ConfigureAwait(false);
        await Transfers.SettleUploadAsync(clientTookReply: true).ConfigureAwait(false);
        Session.Data.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _network.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _idle.Dispose();
        _lifetime.Dispose();
        Transfers.Dispose();
    }

    private async Task DispatchAsync(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var handler = _server.Commands.Find((space < 0 ? line.AsSpan() : line.AsSpan(0, space)).Trim(), out var verb);
        var argument = space < 0 ? string.Empty : line[(space + 1)..];
        if (verb.Length == 0)
        {
            await ReplyAsync(500, "Empty command.").ConfigureAwait(false);
            return;
        }

        if (Transfers.IsRunning && handler?.Rules.DuringTransfer != true)
        {
            // Anything but ABOR and STAT waits for the transfer, as RFC 959 orders.
            await Transfers.WaitAsync().ConfigureAwait(false);
        }

        if (!Transfers.IsRunning)
        {
            // A command after the transfer's 226: the client is there, so its upload stands.
            await Transfers.SettleUploadAsync(clientTookReply: true).ConfigureAwait(false);
        }

        if (_draining)
        {
            // The server is stopping: what runs may finish, nothing new starts.
            await ReplyAsync(421, "Server shutting down.").ConfigureAwait(false);
            _quit = true;
            return;
        }

        if (handler is null)
        {
            await ReplyAsync(500, "Unknown command.").ConfigureAwait(false);
            return;
        }

        try
        {
            if (await CommandPreconditions.CheckAsync(this, handler.Rules, new FtpRequest(verb, argument), _lifetime.Token).ConfigureAwait(false) is { } request)
            {
                await handler.HandleAsync(this, request, _lifetime.Token).ConfigureAwait(false);
            }
        }
        catch (FtpFileSystemException error)
        {
            await ReplyAsync(error).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not AuthenticationException && (ex is not OperationCanceledException || !_lifetime.IsCancellationRequested))
        {
            Log(FtpServerEventKind.Error, $"{verb} failed: {ex.GetType().Name}: {ex.Message}");
            await ReplyAsync(451, FtpReplyText.LocalError).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The server is stopping with a grace period: once the running transfer (if any) has replied, the wait for
    /// the next command ends, and the client gets 421. The transfer itself is never cut here.
    /// </summary>
    private async Task CloseWhenIdleAsync()
    {
        _draining = true;
        while (Transfers.Running is { IsCompleted: false } running)
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

    private TimeSpan LoginTimeLeft() => Options.LoginTimeout - TimeSpan.FromMilliseconds(Environment.TickCount64 - _connectedAt);

    public Task<bool> TryReplyAsync(FtpFileSystemException error) => Swallow(ReplyAsync(error));

    public Task<bool> TryReplyAsync(int code, string text) => Swallow(ReplyAsync(code, text));

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
