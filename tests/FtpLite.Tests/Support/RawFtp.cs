using System.Net;
using System.Net.Sockets;
using System.Text;
using FtpLite.Protocol;

namespace FtpLite.Tests.Support;

/// <summary>
/// A bare control connection for tests that must send exactly what they want (hostile input, raw
/// commands) and see the server's replies as they come.
/// </summary>
public sealed class RawFtp : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly FtpReplyReader _replies;

    private RawFtp(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _replies = new FtpReplyReader(new FtpLineReader(_stream, 64 * 1024, stripTelnet: false, releaseBufferWhenIdle: false));
    }

    public static async Task<RawFtp> ConnectAsync(int port, bool login = true)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var raw = new RawFtp(tcp);
        Assert.Equal(220, (await raw.ReadAsync()).Code);
        if (login)
        {
            Assert.Equal(331, (await raw.SendAsync("USER anonymous")).Code);
            Assert.Equal(230, (await raw.SendAsync("PASS test@")).Code);
        }

        return raw;
    }

    /// <summary>
    /// Connects from <paramref name="from"/> (another loopback address, e.g. 127.0.0.2) and returns the
    /// greeting as it comes, 220 or a refusal.
    /// </summary>
    public static async Task<(RawFtp Raw, FtpReply Greeting)> OpenFromAsync(IPAddress from, int port)
    {
        var tcp = new TcpClient(new IPEndPoint(from, 0));
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var raw = new RawFtp(tcp);
        return (raw, await raw.ReadAsync());
    }

    /// <summary>
    /// Connects from <paramref name="from"/>, sends <paramref name="preamble"/> (a PROXY protocol header, say) as
    /// the connection's first bytes, and returns the greeting as it comes.
    /// </summary>
    public static async Task<(RawFtp Raw, FtpReply Greeting)> OpenWithPreambleAsync(IPAddress from, int port, byte[] preamble)
    {
        var tcp = new TcpClient(new IPEndPoint(from, 0));
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            await tcp.GetStream().WriteAsync(preamble);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var raw = new RawFtp(tcp);
        return (raw, await raw.ReadAsync());
    }

    public async Task WriteLineAsync(string line) => await WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));

    public async Task WriteAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Reads the next reply, failing after <paramref name="within"/> (20 s unless a step waits on a slower party).</summary>
    public async Task<FtpReply> ReadAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        return await _replies.ReadAsync(timeout.Token);
    }

    /// <summary>
    /// Asserts that the server closed the connection and sends no more replies. A close reads as the end of the stream,
    /// or as a reset when a command of ours reached the server after it stopped reading (the kernel then answers
    /// with RST): both are a closed connection, whichever the timing gives.
    /// </summary>
    public async Task AssertClosedAsync()
    {
        var closed = await Record.ExceptionAsync(() => ReadAsync());
        Assert.True(closed is FtpConnectionException or IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } },
            $"Expected the connection to be closed, got {closed?.ToString() ?? "a reply"}.");
    }

    public async Task<FtpReply> SendAsync(string line)
    {
        await WriteLineAsync(line);
        return await ReadAsync();
    }

    /// <summary>Opens a passive data connection with EPSV.</summary>
    public async Task<TcpClient> OpenDataAsync()
    {
        var reply = await SendAsync("EPSV");
        Assert.Equal(229, reply.Code);
        var data = new TcpClient();
        await data.ConnectAsync("127.0.0.1", PassiveReply.ParseEpsv(reply.Message));
        return data;
    }

    /// <summary>Runs a listing or RETR command and returns the data bytes and the final reply.</summary>
    public async Task<(byte[] Data, FtpReply Final, FtpReply First)> ReceiveAsync(string command)
    {
        using var data = await OpenDataAsync();
        var first = await SendAsync(command);
        if (first.Code >= 400)
        {
            return ([], first, first);
        }

        using var buffer = new MemoryStream();
        await data.GetStream().CopyToAsync(buffer);
        return (buffer.ToArray(), await ReadAsync(), first);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
