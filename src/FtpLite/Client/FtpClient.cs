using System.Net;
using System.Net.Sockets;
using System.Text;
using FtpLite.Protocol;

namespace FtpLite.Client;

/// <summary>
/// One FTP control connection and the commands sent over it. Commands are serialised: a caller that
/// shares a client between threads waits its turn. Every method honours its cancellation token and the
/// <see cref="FtpClientOptions.Timeout"/>.
/// </summary>
public sealed partial class FtpClient : IAsyncDisposable
{
    private const int MaxReplyLineLength = 8 * 1024;
    private const int ListingBufferSize = 64 * 1024;

    private readonly FtpClientOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _features = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _featureParameters = new(StringComparer.OrdinalIgnoreCase);
    private Socket? _socket;
    private NetworkStream? _network;
    private Stream? _control;
    private ClientTls? _tls;
    private FtpLineReader? _lines;
    private FtpReplyReader? _replies;
    private bool _epsvRefused;

    // EPSV got a 229 on this session: data commands may then be sent together with their EPSV.
    private bool _epsvAnswered;

    // A command sent with its EPSV went unanswered while a NOOP after it was answered: no more such pairs.
    private bool _pipelinedCommandDropped;

    // NOOPs sent to a server silent after a pipelined EPSV, whose 200 is still to be read.
    private int _probeRepliesDue;
    private bool _binaryMode;
    private CancellationTokenSource? _operationTimeout;
    private bool _closed;
    private bool _machineListingsRefused;

    private FtpClient(FtpClientOptions options) => _options = options;

    /// <summary>The options this client was connected with.</summary>
    public FtpClientOptions Options => _options;

    /// <summary>The user name that logged in.</summary>
    public string UserName => _options.Credential?.UserName is { Length: > 0 } name ? name : FtpClientOptions.AnonymousUser;

    /// <summary>The server's greeting (the text of its 220 reply).</summary>
    public string Greeting { get; private set; } = string.Empty;

    /// <summary>The server's address and port of the control connection.</summary>
    public IPEndPoint? RemoteEndPoint { get; private set; }

    /// <summary>The features the server announced with FEAT (first word of each line, upper case).</summary>
    public IReadOnlySet<string> Features => _features;

    /// <summary>The remote working directory, absolute.</summary>
    public string WorkingDirectory { get; private set; } = FtpPath.Root;

    /// <summary>True when the control and data connections are encrypted.</summary>
    public bool IsEncrypted => _control is System.Net.Security.SslStream;

    /// <summary>
    /// False once the control connection was closed, found broken, or closed by the server (a 421 or the end of
    /// the stream waiting unread: the server spoke out of turn, which it does only to hang up).
    /// </summary>
    public bool IsConnected => _socket is { Connected: true } socket && _control is not null && !HungUp(socket);

    /// <summary>
    /// True once <see cref="DisconnectAsync"/> or <see cref="DisposeAsync"/> ended the session for good. A
    /// session that is only dropped (by the server, or after a transfer the server would not abort) is not
    /// closed: the next command opens it again, with the same options and working directory.
    /// </summary>
    public bool IsClosed => _closed;

    /// <summary>How many times the session was opened again after the server dropped it.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Connects, reads the greeting, logs in and switches to binary transfers.</summary>
    public static async Task<FtpClient> ConnectAsync(FtpClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new FtpClient(options);
        try
        {
            await client.OpenAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends a raw command and returns the server's final reply, whatever its code.</summary>
    public Task<FtpReply> ExecuteAsync(string command, CancellationToken cancellationToken = default) =>
        WithGateAsync(Verb(command), token => CommandAsync(command, token), cancellationToken);

    /// <summary>Resolves a remote path against the working directory.</summary>
    public string GetFullPath(string path) =>
        FtpPath.ResolveRemote(WorkingDirectory, path) ?? throw new ArgumentException("A remote path cannot contain NUL.", nameof(path));

    /// <summary>Sends QUIT, waits briefly for the goodbye and closes the connection.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (!IsConnected)
        {
            await DisposeAsync().ConfigureAwait(false);
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A server that never says goodbye must not hold the caller: the usual timeout applies.
            using var timeout = StartTimeout(cancellationToken);
            await CommandAsync("QUIT", timeout.Token).ConfigureAwait(false);
            if (_control is System.Net.Security.SslStream ssl)
            {
                await ssl.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is FtpException or IOException or TimeoutException or ObjectDisposedException
            || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The server may close, or fall silent, without a goodbye; the connection ends either way.
        }
        finally
        {
            _gate.Release();
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _closed = true;
        return DropConnectionAsync();
    }

    /// <summary>Closes the control connection but not the session: the next command opens it again.</summary>
    private ValueTask DropConnectionAsync()
    {
        var control = Interlocked.Exchange(ref _control, null);
        var network = Interlocked.Exchange(ref _network, null);
        var socket = Interlocked.Exchange(ref _socket, null);
        _probeRepliesDue = 0;
        control?.Dispose();
        network?.Dispose();
        socket?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        using var timeout = StartTimeout(cancellationToken);
        var token = timeout.Token;
        try
        {
            var socket = await ConnectSocketAsync(_options.Host, _options.Port, token).ConfigureAwait(false);
            _socket = socket;
            RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
            _network = new NetworkStream(socket, ownsSocket: false);
            _control = _network;
            if (_options.Encryption != FtpEncryption.None)
            {
                _tls = new ClientTls(_options);
            }

            var greeting = await ReadGreetingAsync(token, cancellationToken).ConfigureAwait(false);
            if (greeting.Code == 421)
            {
                throw new FtpConnectionException(FtpConnectionFailure.ServiceUnavailable, $"The server refused the connection: {greeting}");
            }

            if (greeting.Code != 220)
            {
                throw new FtpProtocolException($"The server greeted with an unexpected reply: {FtpReplyReader.Excerpt(greeting.ToString())}");
            }

            Greeting = greeting.Message;
            if (_options.Encryption == FtpEncryption.Explicit)
            {
                var auth = await CommandAsync("AUTH TLS", token).ConfigureAwait(false);
                if (auth.Code != 234)
                {
                    throw new FtpSecurityException($"The server refused TLS (AUTH TLS: {auth}); not logging in without encryption.");
                }

                _lines!.DiscardBuffered();
                _control = await _tls!.AuthenticateAsync(_network, token).ConfigureAwait(false);
                _lines.Stream = _control;
            }

            await LoginAsync(token).ConfigureAwait(false);
            if (_tls is not null)
            {
                await CommandAsync("PBSZ 0", token, expect: 200).ConfigureAwait(false);
                await CommandAsync("PROT P", token, expect: 200).ConfigureAwait(false);
            }

            await ReadFeaturesAsync(token).ConfigureAwait(false);
            if (_features.Contains("UTF8"))
            {
                // Some servers only send UTF-8 names once asked; a refusal changes nothing we rely on.
                await CommandAsync("OPTS UTF8 ON", token).ConfigureAwait(false);
            }

            await EnsureBinaryAsync(token).ConfigureAwait(false);
            var pwd = await CommandAsync("PWD", token).ConfigureAwait(false);
            WorkingDirectory = pwd.Code == 257 && (FtpPath.Unquote(pwd.LastLine) ?? FtpPath.Unquote(pwd.Message)) is { Length: > 0 } cwd ? cwd : FtpPath.Root;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FtpTimeoutException($"{_options.Host}:{_options.Port} did not answer within {_options.Timeout.TotalSeconds:0.#} s.", ex);
        }
    }

    private static async Task<Socket> ConnectSocketAsync(string host, int port, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new FtpConnectionException(FtpConnectionFailure.HostNotFound, $"The host '{host}' could not be resolved: {ex.Message}", ex);
            }

            if (addresses.Length == 0)
            {
                throw new FtpConnectionException(FtpConnectionFailure.HostNotFound, $"The host '{host}' has no addresses.");
            }
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var failure = last?.SocketErrorCode == SocketError.ConnectionRefused ? FtpConnectionFailure.ConnectionRefused : FtpConnectionFailure.ConnectionLost;
        throw new FtpConnectionException(failure, $"Could not connect to {host}:{port}: {last?.Message}", last);
    }

    private async Task LoginAsync(CancellationToken cancellationToken)
    {
        var user = UserName;
        var password = _options.Credential?.Password is { Length: > 0 } secret ? secret : _options.Credential is null ? "ftplite@" : string.Empty;
        var reply = await CommandAsync("USER " + user, cancellationToken).ConfigureAwait(false);
        if (reply.Code == 331)
        {
            reply = await CommandAsync("PASS " + password, cancellationToken, logAs: "PASS").ConfigureAwait(false);
        }

        if (reply.Code is 230 or 202)
        {
            return;
        }

        if (reply.Code is 530 or 331 or 332 or 430)
        {
            throw new FtpAuthenticationException(user, reply.Code, reply.Message);
        }

        throw new FtpCommandException("USER", reply.Code, reply.Message);
    }

    private async Task ReadFeaturesAsync(CancellationToken cancellationToken)
    {
        var reply = await CommandAsync("FEAT", cancellationToken).ConfigureAwait(false);
        if (reply.Code != 211)
        {
            return;
        }

        for (var i = 1; i < reply.Lines.Count - 1; i++)
        {
            var feature = reply.Lines[i].Trim();
            var space = feature.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? feature : feature[..space];
            _features.Add(name);
            _featureParameters[name] = space < 0 ? string.Empty : feature[(space + 1)..].Trim();
        }
    }

    private async Task EnsureBinaryAsync(CancellationToken cancellationToken)
    {
        if (_binaryMode)
        {
            return;
        }

        await CommandAsync("TYPE I", cancellationToken, expect: 200).ConfigureAwait(false);
        _binaryMode = true;
    }

    /// <summary>Sends a command and reads its final reply. The caller holds the gate.</summary>
    /// <param name="command">The command line, without CRLF.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="expect">When set, a reply with another code throws.</param>
    /// <param name="logAs">What to name the command as in errors (never a password).</param>
    private async Task<FtpReply> CommandAsync(string command, CancellationToken cancellationToken, int expect = 0, string? logAs = null)
    {
        await WriteCommandAsync(command, cancellationToken).ConfigureAwait(false);
        var reply = await ReadFinalReplyAsync(cancellationToken).ConfigureAwait(false);
        if (expect != 0 && reply.Code != expect)
        {
            throw ToException(logAs ?? Verb(command), reply);
        }

        return reply;
    }

    /// <summary>Writes a command line; with <paramref name="then"/>, a second one in the same write (pipelined).</summary>
    private async Task WriteCommandAsync(string command, CancellationToken cancellationToken, string? then = null)
    {
        if (command.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 || (then is not null && then.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0))
        {
            // A name with a line break would smuggle a second command onto the control connection.
            throw new ArgumentException("An FTP command or path cannot contain CR, LF or NUL characters.", nameof(command));
        }

        var control = _control ?? throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, "The FTP session is closed.");
        var bytes = Encoding.UTF8.GetBytes(then is null ? command + "\r\n" : command + "\r\n" + then + "\r\n");
        try
        {
            await control.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await DropConnectionAsync().ConfigureAwait(false);
            throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, "The control connection broke.", ex);
        }
    }

    /// <summary>Reads past any preliminary (1xx) replies to the final one.</summary>
    private async Task<FtpReply> ReadFinalReplyAsync(CancellationToken cancellationToken)
    {
        var reply = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        while (reply.IsPreliminary)
        {
            reply = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        }

        return reply;
    }

    private async Task<FtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var replies = _replies ?? throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, "The FTP session is closed.");
        try
        {
            var reply = await replies.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reply.Code == 421)
            {
                // 421 means the server is closing the control connection.
                await DropConnectionAsync().ConfigureAwait(false);
                throw new FtpConnectionException(FtpConnectionFailure.ServiceUnavailable, $"The server closed the session: {reply}");
            }

            return reply;
        }
        catch (IOException ex)
        {
            await DropConnectionAsync().ConfigureAwait(false);
            throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, "The control connection broke.", ex);
        }
        catch (Exception ex) when (ex is FtpProtocolException or FtpConnectionException or OperationCanceledException)
        {
            // After a garbled, missing or half-read reply the conversation cannot be trusted again.
            await DropConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(_options.Timeout);
        return source;
    }

    private async Task<T> WithGateAsync<T>(string what, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = StartTimeout(cancellationToken);
            _operationTimeout = timeout;
            await EnsureOpenAsync(timeout.Token).ConfigureAwait(false);
            return await action(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FtpTimeoutException($"{what} got no answer within {_options.Timeout.TotalSeconds:0.#} s.", ex);
        }
        finally
        {
            _operationTimeout = null;
            _gate.Release();
        }
    }

    /// <summary>Restarts the running operation's timeout: a transfer times out when it stalls, not when it is long.</summary>
    private void KeepAlive() => _operationTimeout?.CancelAfter(_options.Timeout);

    private static string Verb(string command)
    {
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? command : command[..space];
    }

    private static FtpCommandException ToException(string verb, FtpReply reply) => new(verb, reply.Code, reply.Message);
}
