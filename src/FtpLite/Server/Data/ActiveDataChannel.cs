using System.Net;
using System.Net.Sockets;

namespace FtpLite.Server.Data;

/// <summary>An active-mode data connection (PORT/EPRT): the server connects to the client.</summary>
internal sealed class ActiveDataChannel(IPEndPoint target, TimeSpan timeout) : IDataChannel
{
    public IPEndPoint Target { get; } = target;

    public async Task<Socket> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(Target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(Target, limit.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new DataConnectionException("Failed to establish connection.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
    }
}
