using System.Net;
using System.Net.Sockets;

namespace FtpLite.Server.Data;

/// <summary>
/// A listener for one passive data connection. It accepts only the control connection's own host (no
/// passive theft from elsewhere, vsftpd's pasv_promiscuous=NO) and closes itself when nobody connects within
/// the timeout. Against theft from the same address (a shared IP, NAT) it hands out a connection only to the
/// transfer command, and only when exactly one connection came: a second one (the thief's or the client's)
/// makes the transfer fail with 425, so the data reaches nobody rather than the wrong party.
/// </summary>
internal sealed class PassiveDataChannel : IDataChannel
{
    private const string MoreThanOne = "Security: more than one data connection; transfer refused.";

    private readonly Socket _listener;
    private readonly IPAddress _expectedPeer;
    private readonly CancellationTokenSource _expiry;
    private readonly Action _releasePort;
    private readonly List<Socket> _accepted = [];
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Lock _lock = new();
    private readonly Task _acceptLoop;
    private string? _refusal;
    private bool _listening = true;

    private PassiveDataChannel(Socket listener, IPAddress expectedPeer, TimeSpan timeout, Action releasePort)
    {
        _listener = listener;
        _expectedPeer = expectedPeer;
        _releasePort = releasePort;
        _expiry = new CancellationTokenSource(timeout);
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>
    /// Listens on <paramref name="bindAddress"/>, on a free port of <paramref name="portRange"/> (any free port
    /// when null), within <paramref name="share"/>. Throws <see cref="DataConnectionException"/> when the range
    /// has no free port or the client's address holds its share of it.
    /// </summary>
    public static PassiveDataChannel Create(IPAddress bindAddress, IPAddress expectedPeer, TimeSpan timeout, (int First, int Last)? portRange,
        PassivePortShare share)
    {
        var release = share.TryTake(PeerAddress.Normalize(expectedPeer))
            ?? throw new DataConnectionException("Your address holds its share of the passive ports; try again later.");
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
                listener.Listen(4);
                return new PassiveDataChannel(listener, expectedPeer, timeout, release);
            }
            catch (SocketException) when (port != 0)
            {
                listener.Dispose();
            }
            catch
            {
                listener.Dispose();
                release();
                throw;
            }
        }

        release();
        throw new DataConnectionException("No passive port is free; try again later.");
    }

    /// <summary>
    /// Called by the transfer command: waits for the first connection, stops listening, and returns it only
    /// when it is the only one that came.
    /// </summary>
    public async Task<Socket> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                lock (_lock)
                {
                    if (_refusal is not null)
                    {
                        throw new DataConnectionException(_refusal);
                    }

                    if (_accepted.Count > 0 || !_listening)
                    {
                        break;
                    }
                }

                await _changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // Stop listening and let the accept loop settle, so a connection that raced in is counted too.
            _listener.Dispose();
            await _acceptLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                if (_refusal is not null || _accepted.Count > 1)
                {
                    throw new DataConnectionException(_refusal ?? MoreThanOne);
                }

                return _accepted.Count == 1 ? _accepted[0] : throw new DataConnectionException("Failed to establish connection.");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            throw new DataConnectionException("Failed to establish connection.");
        }
    }

    /// <summary>
    /// Completes when the listener has stopped and its socket is closed. Disposing only asks: the accept
    /// under way holds the socket until it ends, and until then its port cannot be bound again.
    /// </summary>
    public Task Stopped => _acceptLoop;

    public void Dispose()
    {
        _expiry.Cancel();
        _listener.Dispose();

        // At once, not when the loop notices: a client refreshing PASV must get its port share back.
        _releasePort();
        _ = _acceptLoop.ContinueWith(_ =>
        {
            lock (_lock)
            {
                foreach (var socket in _accepted)
                {
                    socket.Dispose();
                }
            }

            _expiry.Dispose();
            _changed.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(_expiry.Token).ConfigureAwait(false);
                lock (_lock)
                {
                    if (!PeerAddress.SameHost(((IPEndPoint)socket.RemoteEndPoint!).Address, _expectedPeer))
                    {
                        socket.Dispose();
                        _refusal ??= "Security: bad IP connecting.";
                    }
                    else
                    {
                        socket.NoDelay = true;
                        _accepted.Add(socket);
                        if (_accepted.Count > 1)
                        {
                            _refusal ??= MoreThanOne;
                        }
                    }
                }

                _changed.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Expired, or stopped by the transfer command or Dispose.
        }
        finally
        {
            _listener.Dispose();
            _releasePort();
            lock (_lock)
            {
                _listening = false;
            }

            try
            {
                _changed.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
