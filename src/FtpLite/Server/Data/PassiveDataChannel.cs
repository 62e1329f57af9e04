using System.Net;
using System.Net.Sockets;

namespace FtpLite.Server.Data;

/// <summary>
/// A listener for one passive data connection. It accepts at once in the background, closes itself when
/// nobody connects within the timeout, and accepts only the control connection's own host (no passive
/// theft, vsftpd's pasv_promiscuous=NO).
/// </summary>
internal sealed class PassiveDataChannel : IDataChannel
{
    private readonly Socket _listener;
    private readonly IPAddress _expectedPeer;
    private readonly CancellationTokenSource _expiry;
    private readonly Task<Socket> _accept;

    private PassiveDataChannel(Socket listener, IPAddress expectedPeer, TimeSpan timeout)
    {
        _listener = listener;
        _expectedPeer = expectedPeer;
        _expiry = new CancellationTokenSource(timeout);
        _accept = AcceptAsync();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>
    /// Listens on <paramref name="bindAddress"/>, on a free port of <paramref name="portRange"/> (any free port
    /// when null). Throws <see cref="DataConnectionException"/> when the range has no free port.
    /// </summary>
    public static PassiveDataChannel Create(IPAddress bindAddress, IPAddress expectedPeer, TimeSpan timeout, (int First, int Last)? portRange)
    {
        var (first, last) = portRange ?? (0, 0);
        var count = last - first + 1;
        var start = count > 1 ? Random.Shared.Next(count) : 0;
        for (var i = 0; i < count; i++)
        {
            var port = first == 0 ? 0 : first + ((start + i) % count);
            var listener = new Socket(bindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (bindAddress.AddressFamily == AddressFamily.InterNetworkV6 && bindAddress.IsIPv4MappedToIPv6)
                {
                    listener.DualMode = true;
                }

                listener.Bind(new IPEndPoint(bindAddress, port));
                listener.Listen(1);
                return new PassiveDataChannel(listener, expectedPeer, timeout);
            }
            catch (SocketException) when (port != 0)
            {
                listener.Dispose();
            }
            catch
            {
                listener.Dispose();
                throw;
            }
        }

        throw new DataConnectionException("No passive port is free; try again later.");
    }

    public async Task<Socket> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _accept.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            throw new DataConnectionException("Failed to establish connection.");
        }
    }

    public void Dispose()
    {
        _expiry.Cancel();
        _listener.Dispose();
        _expiry.Dispose();
        if (_accept.IsCompletedSuccessfully)
        {
            _accept.Result.Dispose();
        }
        else
        {
            _ = _accept.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private async Task<Socket> AcceptAsync()
    {
        try
        {
            var socket = await _listener.AcceptAsync(_expiry.Token).ConfigureAwait(false);
            if (!PeerAddress.SameHost(((IPEndPoint)socket.RemoteEndPoint!).Address, _expectedPeer))
            {
                socket.Dispose();
                throw new DataConnectionException("Security: bad IP connecting.");
            }

            socket.NoDelay = true;
            return socket;
        }
        finally
        {
            // One connection per listener: stop listening as soon as it is made or the wait ends.
            _listener.Dispose();
        }
    }
}
