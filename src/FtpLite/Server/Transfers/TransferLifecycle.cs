using System.Net.Sockets;
using System.Security.Authentication;
using FtpLite.FileSystem;
using FtpLite.Server.Data;

namespace FtpLite.Server.Transfers;

/// <summary>
/// One connection's transfer lifecycle: start (take the prepared data connection, reply 150), run (in the
/// background, so the command loop still hears ABOR and STAT), abort (ABOR: 426, then the loop's 226), end (226 or
/// the failure, after the cleanup) and, for an upload, the receipt of its 226. Long commands without a data
/// connection (HASH) run the same way. One connection has at most one running.
/// </summary>
internal sealed class TransferLifecycle(FtpConnection connection, CancellationToken lifetime) : IDisposable
{
    private static readonly TimeSpan ClientGonePoll = TimeSpan.FromSeconds(1);

    private readonly FtpConnection _connection = connection;
    private readonly CancellationToken _lifetime = lifetime;
    private Task? _transfer;
    private CancellationTokenSource? _transferCancel;
    private IFtpUpload? _unconfirmedUpload;

    public bool IsRunning => _transfer is { IsCompleted: false };

    /// <summary>The last transfer or HASH started, for a wait that must see it end.</summary>
    public Task? Running => _transfer;

    /// <summary>
    /// Opens the prepared data connection and runs <paramref name="body"/> over it in the background; replies
    /// 150 once connected, then 226, or the failure. <paramref name="resource"/> (an open file, an upload) is
    /// disposed when the transfer ends, however it ends.
    /// </summary>
    public async Task StartAsync(string openingText, IAsyncDisposable? resource, Func<TransferChannel, CancellationToken, Task<long>> body,
        FtpServerEventKind kind, string path)
    {
        var channel = _connection.Session.Data.TakeChannel();
        _connection.Session.RestartOffset = 0;
        if (channel is null || (_connection.Options.RequireTls && !_connection.Session.Tls.ProtectData))
        {
            channel?.Dispose();
            if (resource is not null)
            {
                await resource.DisposeAsync().ConfigureAwait(false);
            }

            await (channel is null
                ? _connection.ReplyAsync(425, "Use PORT/EPRT or PASV/EPSV first.")
                : _connection.ReplyAsync(521, "Data connections must be encrypted: use PROT P.")).ConfigureAwait(false);
            return;
        }

        // The previous transfer has ended (commands wait for it), so its linked source can go.
        _transferCancel?.Dispose();
        _transferCancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime);
        _connection.PauseIdleTimer();
        _connection.CurrentTransfer = $"{kind} {path}";
        _transfer = RunAsync(channel, openingText, resource, body, kind, path, _transferCancel.Token);
    }

    /// <summary>
    /// Runs a long command with no data connection (HASH) in the background, as a transfer runs: ABOR cancels it
    /// (426, then 226 for the ABOR), the client leaving or the server stopping cancels it, and the next command
    /// waits for it, so one connection has at most one such command running. <paramref name="work"/> replies.
    /// </summary>
    public void StartBackgroundCommand(string verb, Func<CancellationToken, Task> work)
    {
        _transferCancel?.Dispose();
        _transferCancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime);
        _connection.PauseIdleTimer();
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
            if (!_connection.IsControlKnownClosed)
            {
                await _connection.TryReplyAsync(426, $"{verb} aborted.").ConfigureAwait(false);
            }
        }
        catch (FtpFileSystemException ex)
        {
            await _connection.TryReplyAsync(ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or TimeoutException or OperationCanceledException)
        {
            _connection.Log(FtpServerEventKind.Error, $"{verb} failed: {ex.GetType().Name}: {ex.Message}");
            await _connection.TryReplyAsync(451, FtpReplyText.LocalError).ConfigureAwait(false);
        }

        _connection.RestartIdleTimer();
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
    public async Task<bool> AbortAsync()
    {
        if (!IsRunning)
        {
            _connection.Session.Data.SetChannel(null);
            return false;
        }

        await _transferCancel!.CancelAsync().ConfigureAwait(false);
        await _transfer!.ConfigureAwait(false);
        return true;
    }

    private async Task RunAsync(IDataChannel channel, string openingText, IAsyncDisposable? resource,
        Func<TransferChannel, CancellationToken, Task<long>> body, FtpServerEventKind kind, string path, CancellationToken cancellationToken)
    {
        Socket? socket = null;
        var started = Environment.TickCount64;
        long bytes = 0;
        var succeeded = false;

        // The final reply goes out only after the cleanup below: a client told "426" or "226" must find no
        // leftover temporary file and a settled directory.
        Func<Task> reply = () => Task.CompletedTask;
        try
        {
            socket = await channel.OpenAsync(cancellationToken).ConfigureAwait(false);
            await _connection.ReplyAsync(150, openingText).ConfigureAwait(false);
            await using (var network = new NetworkStream(socket, ownsSocket: false))
            {
                // Over TLS the client cannot resume our session on a data connection we could check, so the
                // passive listener's peer-address check is what ties the two connections together.
                await using var ssl = _connection.Session.Tls.ProtectData
                    ? await TlsSettings.AuthenticateAsync(network, _connection.Server.DataTlsOptions!, cancellationToken).ConfigureAwait(false)
                    : null;
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                stall.CancelAfter(_connection.Options.DataTimeout);
                var timeout = _connection.Options.DataTimeout;
                var channelForBody = new TransferChannel(new StallGuardStream(ssl ?? (Stream)network, stall, timeout), ssl is null ? socket : null,
                    () => stall.CancelAfter(timeout));
                bytes = await body(channelForBody, stall.Token).ConfigureAwait(false);
                if (ssl is not null)
                {
                    await TlsSettings.CloseAsync(ssl).ConfigureAwait(false);
                }

                socket.Shutdown(SocketShutdown.Both);
            }

            _connection.Server.Report(new FtpServerEvent(DateTime.UtcNow, kind, $"{kind} of {path} finished: {bytes} bytes.", _connection.RemoteEndPoint,
                _connection.UserName, path, bytes)
            {
                Duration = TimeSpan.FromMilliseconds(Environment.TickCount64 - started),
            });
            _connection.Server.CountBytes(kind, bytes);
            succeeded = true;
        }
        catch (DataConnectionException ex)
        {
            reply = () => _connection.TryReplyAsync(425, ex.Reply);
        }
        catch (FtpFileSystemException ex)
        {
            _connection.Log(FtpServerEventKind.TransferFailed, $"{kind} of {path} failed: {ex.Error}.", path);
            reply = () => _connection.TryReplyAsync(ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or AuthenticationException)
        {
            _connection.Log(FtpServerEventKind.TransferFailed, $"{kind} of {path} failed or was aborted: {ex.GetType().Name}: {ex.Message}", path);
            if (!_connection.IsControlKnownClosed)
            {
                var text = _transferCancel?.IsCancellationRequested == true ? "Transfer aborted." : "Connection closed; transfer aborted.";
                reply = () => _connection.TryReplyAsync(426, text);
            }
        }
        catch (Exception ex)
        {
            _connection.Log(FtpServerEventKind.Error, $"{kind} of {path} failed: {ex.GetType().Name}: {ex.Message}", path);
            reply = () => _connection.TryReplyAsync(451, FtpReplyText.LocalError);
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

        if (succeeded)
        {
            // An upload whose 226 cannot be written was not taken: its commit goes back.
            if (!await _connection.TryReplyAsync(226, FtpReplyText.TransferComplete).ConfigureAwait(false))
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

        _connection.CurrentTransfer = null;
        _connection.RestartIdleTimer();
    }

    /// <summary>Confirms the upload awaiting its receipt (<see cref="AwaitReceipt"/>), or takes its commit back.</summary>
    public async Task SettleUploadAsync(bool clientTookReply)
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
                    _connection.Log(FtpServerEventKind.TransferFailed, "The client left before it read the upload's 226: the upload was taken back.");
                }
            }
            catch (Exception ex) when (ex is FtpFileSystemException or IOException or UnauthorizedAccessException)
            {
                _connection.Log(FtpServerEventKind.Error, $"Taking back an upload whose client left failed: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Waits for the running transfer or HASH. Meanwhile nobody reads the control connection, so a client that
    /// pipelined commands and left would go unnoticed: it is looked for every second, and its work cancelled.
    /// </summary>
    public async Task WaitAsync()
    {
        var running = _transfer!;
        while (!running.IsCompleted && !_lifetime.IsCancellationRequested)
        {
            await Task.WhenAny(running, Task.Delay(ClientGonePoll, _lifetime)).ConfigureAwait(false);
            if (!running.IsCompleted && _connection.IsControlClosed())
            {
                await _transferCancel!.CancelAsync().ConfigureAwait(false);
            }
        }

        await running.ConfigureAwait(false);
    }

    public async Task EndAsync()
    {
        if (IsRunning)
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

    public void Dispose() => _transferCancel?.Dispose();
}
