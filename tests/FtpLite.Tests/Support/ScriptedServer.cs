using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FtpLite.Tests.Support;

/// <summary>
/// A misbehaving "server" for client tests: it accepts one connection (or a given number) on a loopback port and
/// runs a script against each (send garbage, never answer, close mid-transfer...).
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public ScriptedServer(Func<ScriptedConnection, CancellationToken, Task> script)
        : this((connection, _, token) => script(connection, token), connections: 1)
    {
    }

    /// <summary>
    /// A server that accepts up to <paramref name="connections"/> connections (a client that reconnects), each
    /// running the script at once with its number (0 for the first).
    /// </summary>
    public ScriptedServer(Func<ScriptedConnection, int, CancellationToken, Task> script, int connections)
    {
        _listener.Start();
        _run = Task.Run(async () =>
        {
            var running = new List<Task>();
            try
            {
                for (var i = 0; i < connections; i++)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var number = i;
                    running.Add(Task.Run(() => RunAsync(client, number)));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }

            await Task.WhenAll(running);
        });

        async Task RunAsync(TcpClient client, int number)
        {
            using var _ = client;
            await using var connection = new ScriptedConnection(client, _listener);
            try
            {
                await script(connection, number, _stop.Token);
            }
            catch (Exception ex) when (IsPeerGoneOrStopped(ex))
            {
            }
        }
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connects FtpLite's client to this server.</summary>
    public Task<FtpLite.Client.FtpClient> ConnectClientAsync(double timeoutSeconds = 20) =>
        FtpLite.Client.FtpClient.ConnectAsync(new FtpLite.Client.FtpClientOptions { Port = Port, Timeout = TimeSpan.FromSeconds(timeoutSeconds) });

    /// <summary>
    /// Stops the server and rethrows what its script threw, other than the peer going away or the stop itself:
    /// an assertion or a bug in a script must fail the test that uses it, not vanish with the server.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _run;
        }
        finally
        {
            _stop.Dispose();
        }
    }

    // What the scripts provoke on purpose: the client under test closes or resets the connection (IOException,
    // SocketException), or the test ends while the script waits (cancellation, or the stopped listener).
    private bool IsPeerGoneOrStopped(Exception ex) =>
        ex is IOException or SocketException or OperationCanceledException ||
        (ex is ObjectDisposedException && _stop.IsCancellationRequested);
}

public sealed class ScriptedConnection(TcpClient client, TcpListener listener) : IAsyncDisposable
{
    private readonly NetworkStream _stream = client.GetStream();
    private readonly StreamReader _reader = new(client.GetStream(), Encoding.UTF8);

    public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task<string?> ReadLineAsync(CancellationToken token) => await _reader.ReadLineAsync(token);

    /// <summary>
    /// Throws away what the client has sent and this server not yet read: a server that discards input that
    /// arrived before its reply. A client's single write arrives whole on loopback, so what it sent together
    /// with the line just read is all here, read ahead or still in the socket.
    /// </summary>
    public void DiscardUnread()
    {
        _reader.DiscardBufferedData();
        var scratch = new byte[4096];
        while (client.Available > 0)
        {
            _ = _stream.Read(scratch, 0, Math.Min(scratch.Length, client.Available));
        }
    }

    /// <summary>Answers the usual login and setup exchange of FtpLite's client (no MLST, so LIST and SIZE are used).</summary>
    public async Task LoginAsync(CancellationToken token)
    {
        await SendAsync("220 scripted\r\n");
        while (await ReadLineAsync(token) is { } line)
        {
            var verb = line.Split(' ')[0];
            switch (verb)
            {
                case "USER": await SendAsync("331 password\r\n"); break;
                case "PASS": await SendAsync("230 ok\r\n"); break;
                case "FEAT": await SendAsync("211-Features:\r\n EPSV\r\n SIZE\r\n211 End\r\n"); break;
                case "TYPE": await SendAsync("200 ok\r\n"); break;
                case "PWD":
                    await SendAsync("257 \"/\" is the current directory\r\n");
                    return;
                default: await SendAsync("502 no\r\n"); break;
            }
        }
    }

    /// <summary>Answers EPSV with a port on which it accepts the data connection.</summary>
    public async Task<TcpClient> AcceptDataAsync(CancellationToken token)
    {
        var data = new TcpListener(IPAddress.Loopback, 0);
        data.Start();
        try
        {
            await SendAsync($"229 Entering Extended Passive Mode (|||{((IPEndPoint)data.LocalEndpoint).Port}|)\r\n");
            return await data.AcceptTcpClientAsync(token);
        }
        finally
        {
            data.Stop();
        }
    }

    public ValueTask DisposeAsync()
    {
        _ = listener;
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
