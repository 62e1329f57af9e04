using System.Net.Sockets;

namespace FtpLite.Client;

public sealed partial class FtpClient
{
    /// <summary>
    /// Raised after the session was opened again because the server had dropped it (idle timeout: a 421 or a
    /// closed socket), or a transfer left it out of step. The text says why; PowerShell shows it as verbose.
    /// </summary>
    public event EventHandler<string>? Reopened;

    /// <summary>
    /// True when the server has hung up: the socket is readable while we wait for nothing, which means the end
    /// of the stream or a reply nobody asked for (a server only speaks out of turn to say 421 and close).
    /// </summary>
    private static bool HungUp(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>
    /// Before a command: opens the session again if the server dropped it, with the same options (credentials,
    /// TLS) and working directory. A session closed with <see cref="DisconnectAsync"/> stays closed. The caller
    /// holds the gate.
    /// </summary>
    private async Task EnsureOpenAsync(CancellationToken cancellationToken)
    {
        if (_closed)
        {
            throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, "The FTP session is closed.");
        }

        if (IsConnected)
        {
            return;
        }

        var why = await ReadFarewellAsync(cancellationToken).ConfigureAwait(false);
        await DropConnectionAsync().ConfigureAwait(false);
        var directory = WorkingDirectory;
        _features.Clear();
        _featureParameters.Clear();
        _binaryMode = false;
        _serverHashAlgorithm = null;
        try
        {
            await OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FtpException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The server is gone for good (stopped, or refusing us): the session ends here, saying why.
            await DisposeAsync().ConfigureAwait(false);
            var failure = why.StartsWith("421", StringComparison.Ordinal) ? FtpConnectionFailure.ServiceUnavailable : FtpConnectionFailure.ConnectionLost;
            throw new FtpConnectionException(failure,
                $"The server closed the session ({why}) and a new connection failed: {ex.Message} Connect again once the server is back.", ex);
        }

        Reconnects++;
        var where = string.Empty;
        if (directory != WorkingDirectory)
        {
            var cwd = await CommandAsync("CWD " + directory, cancellationToken).ConfigureAwait(false);
            if (cwd.IsCompletion)
            {
                WorkingDirectory = directory;
            }
            else
            {
                where = $" The folder {directory} is gone ({cwd}); working in {WorkingDirectory}.";
            }
        }

        Reopened?.Invoke(this, $"The server had dropped the session to {_options.Host}:{_options.Port} ({why}); reconnected as {UserName}.{where}");
    }

    /// <summary>What the server said when it hung up (its 421 text), read within a moment; else how it ended.</summary>
    private async Task<string> ReadFarewellAsync(CancellationToken cancellationToken)
    {
        if (_socket is not { Connected: true } socket || _replies is null || _control is null || socket.Available == 0)
        {
            return "the connection was closed";
        }

        try
        {
            using var moment = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            moment.CancelAfter(TimeSpan.FromSeconds(1));
            var reply = await _replies.ReadAsync(moment.Token).ConfigureAwait(false);
            return reply.ToString();
        }
        catch (Exception ex) when (ex is FtpException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            return "the connection was closed";
        }
    }
}
