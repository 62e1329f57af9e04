using System.Net;
using System.Net.Sockets;
using FtpLite.Protocol;

namespace FtpLite.Client;

public sealed partial class FtpClient
{
    /// <summary>How long an aborted transfer waits for the server to get back in step before dropping the connection.</summary>
    private static readonly TimeSpan AbortWait = TimeSpan.FromMilliseconds(750);

    /// <summary>How long a command sent with its EPSV may go unanswered after the 229 before a NOOP asks whether the server still has it.</summary>
    private static readonly TimeSpan PipelinedReplyWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs one data transfer: opens a passive data connection, sends the command, runs
    /// <paramref name="body"/> over the data stream, closes it and checks the final reply. On cancellation
    /// it sends ABOR so the control connection stays usable. The caller holds the gate.
    /// </summary>
    private async Task<T> TransferAsync<T>(string command, Func<Stream, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        var (data, start) = await OpenPassiveAsync(command, cancellationToken).ConfigureAwait(false);
        var network = new NetworkStream(data, ownsSocket: true);
        Stream stream = network;
        try
        {
            if (start is null)
            {
                await WriteCommandAsync(command, cancellationToken).ConfigureAwait(false);
                start = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
            }

            if (start.IsFailure)
            {
                throw ToException(Verb(command), start);
            }

            T result;
            var finalReply = start.IsPreliminary ? null : start;
            try
            {
                if (_tls is not null && finalReply is null)
                {
                    // The same options as the control connection, so the server sees its TLS session resumed.
                    stream = await _tls.AuthenticateAsync(stream, cancellationToken).ConfigureAwait(false);
                }

                result = await body(stream, cancellationToken).ConfigureAwait(false);
                if (stream is System.Net.Security.SslStream ssl)
                {
                    // close_notify first, or the server cannot tell a complete upload from a cut one.
                    await ssl.ShutdownAsync().ConfigureAwait(false);
                }

                data.Shutdown(SocketShutdown.Send);
                await DrainAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not IOException)
            {
                // Cancelled, timed out, a listing over its cap, or the body gave up (a listing line too long, a
                // resume whose overlap differs): the server is still in the transfer and must be told to stop.
                await stream.DisposeAsync().ConfigureAwait(false);
                await network.DisposeAsync().ConfigureAwait(false);
                await AbortAsync().ConfigureAwait(false);
                throw;
            }
            catch (IOException ex)
            {
                // The data connection broke: the server's reply tells why (426, 451, 452, 552...).
                await stream.DisposeAsync().ConfigureAwait(false);
                await network.DisposeAsync().ConfigureAwait(false);
                var failure = finalReply ?? await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
                if (failure.IsFailure)
                {
                    throw ToException(Verb(command), failure);
                }

                throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, $"The data connection for {Verb(command)} broke.", ex);
            }

            await stream.DisposeAsync().ConfigureAwait(false);
            await network.DisposeAsync().ConfigureAwait(false);
            finalReply ??= await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
            if (!finalReply.IsCompletion)
            {
                throw ToException(Verb(command), finalReply);
            }

            return result;
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            await network.DisposeAsync().ConfigureAwait(false);
            await ReadProbeRepliesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the data connection to its end after our half-close. Closing a socket with unread bytes in it
    /// (a TLS 1.3 server's session tickets, after an upload) sends a reset instead of a close, and a reset can
    /// destroy the last bytes of the upload before the server reads them.
    /// </summary>
    private static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var scratch = new byte[512];
        try
        {
            while (await stream.ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (IOException)
        {
            // The server closed abruptly; its reply on the control connection says how the transfer went.
        }
    }

    /// <summary>
    /// Reads a listing's data connection and hands each line over, as bytes, as it arrives: a large listing is
    /// parsed while the rest of it is still coming and is never held as text.
    /// </summary>
    private Task ReceiveLinesAsync(string command, LineBytesHandler onLine, CancellationToken cancellationToken) =>
        TransferAsync(command, async (stream, token) =>
        {
            var reader = new FtpLineReader(stream, MaxReplyLineLength * 4, stripTelnet: false, releaseBufferWhenIdle: false, ListingBufferSize);
            return await reader.ReadLinesToEndAsync(onLine, token).ConfigureAwait(false)
                ? true
                : throw new FtpProtocolException("The server sent a listing line longer than the limit.");
        }, cancellationToken);

    /// <summary>
    /// Opens the passive data connection for <paramref name="command"/>. Once EPSV has worked on this session,
    /// the command goes out in the same write as the EPSV (RFC 959 lets a server take its commands in order
    /// from one stream; servers accept the data connection whether it comes before or after the command): one
    /// round trip a file less, which is most of what many small files cost. Unless
    /// <see cref="FtpClientOptions.PipelineCommands"/> is off, or the server dropped such a command before.
    /// Returns the command's first reply when the command was sent (null: the caller sends it).
    /// </summary>
    private async Task<(Socket Data, FtpReply? Start)> OpenPassiveAsync(string command, CancellationToken cancellationToken)
    {
        if (_options.PipelineCommands && !_pipelinedCommandDropped && _epsvAnswered && !_epsvRefused)
        {
            var remote = RemoteEndPoint ?? throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, "The FTP session is closed.");
            await WriteCommandAsync("EPSV", cancellationToken, then: command).ConfigureAwait(false);
            var reply = await ReadFinalReplyAsync(cancellationToken).ConfigureAwait(false);
            if (reply.Code == 229)
            {
                Socket data;
                try
                {
                    data = await ConnectDataAsync(ParseEpsv(remote, reply), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // The server now waits for a data connection that will not come, and answers the command
                    // only when it gives up: this control connection is out of step. The next command reconnects.
                    await DropConnectionAsync().ConfigureAwait(false);
                    throw;
                }

                FtpReply? start;
                try
                {
                    start = await ReadPipelinedStartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    data.Dispose();
                    throw;
                }

                if (start is not null)
                {
                    return (data, start);
                }

                // The server dropped the command: it goes alone, after a new EPSV, here and for the rest of the session.
                data.Dispose();
                _pipelinedCommandDropped = true;
            }
            else
            {
                // The command failed for want of a data connection: its reply is read, then EPSV is judged as usual.
                await ReadFinalReplyAsync(cancellationToken).ConfigureAwait(false);
                RefuseEpsv(reply);
            }
        }

        return (await ConnectDataAsync(await EnterPassiveAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>
    /// The first reply to a command sent in the same write as its EPSV, or null when the server dropped the
    /// command (some servers discard whatever arrives before they have replied, and then never answer it). A
    /// server silent for <see cref="PipelinedReplyWait"/> after its 229 gets a NOOP: replies come in order, so
    /// one that still has the command answers it first (its NOOP's 200 is read after the transfer), and one that
    /// dropped it answers 200 at once, instead of leaving us waiting for the whole timeout.
    /// </summary>
    private async Task<FtpReply?> ReadPipelinedStartAsync(CancellationToken cancellationToken)
    {
        var first = ReadReplyAsync(cancellationToken);
        using (var waited = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var wait = Task.Delay(PipelinedReplyWait, waited.Token);
            if (await Task.WhenAny(first, wait).ConfigureAwait(false) == wait && !cancellationToken.IsCancellationRequested)
            {
                await WriteCommandAsync("NOOP", cancellationToken).ConfigureAwait(false);
                _probeRepliesDue++;
            }

            await waited.CancelAsync().ConfigureAwait(false);
        }

        var reply = await first.ConfigureAwait(false);
        if (_probeRepliesDue > 0 && reply.Code == 200)
        {
            // A data command is never answered 200: this is the NOOP's reply, so the command was dropped.
            _probeRepliesDue--;
            return null;
        }

        return reply;
    }

    /// <summary>Reads the 200 of each probing NOOP (<see cref="ReadPipelinedStartAsync"/>), which follows the transfer's own replies.</summary>
    private async Task ReadProbeRepliesAsync(CancellationToken cancellationToken)
    {
        while (_probeRepliesDue > 0 && _replies is not null)
        {
            _probeRepliesDue--;
            try
            {
                if ((await ReadReplyAsync(cancellationToken).ConfigureAwait(false)).Code != 200)
                {
                    // Out of step: a new connection is cheaper than guessing.
                    await DropConnectionAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is FtpException or OperationCanceledException)
            {
                // The read dropped the connection; the next command opens a new one. The transfer's own outcome stands.
            }
        }
    }

    private static async Task<Socket> ConnectDataAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, $"Could not open the data connection to {endPoint}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// EPSV, falling back to PASV once a server refuses it. The data connection always goes to the control
    /// connection's address: a PASV address is only trusted for its port, as curl does, so a server behind
    /// NAT (or a hostile one) cannot send us elsewhere; unless <see cref="FtpClientOptions.UsePassiveAddress"/>
    /// asks for it (nodes behind a load balancer, which refuse EPSV and name themselves in PASV).
    /// </summary>
    private async Task<IPEndPoint> EnterPassiveAsync(CancellationToken cancellationToken)
    {
        var remote = RemoteEndPoint ?? throw new FtpConnectionException(FtpConnectionFailure.ConnectionLost, "The FTP session is closed.");
        if (!_epsvRefused)
        {
            var reply = await CommandAsync("EPSV", cancellationToken).ConfigureAwait(false);
            if (reply.Code == 229)
            {
                _epsvAnswered = true;
                return ParseEpsv(remote, reply);
            }

            RefuseEpsv(reply);
        }

        var pasv = await CommandAsync("PASV", cancellationToken, expect: 227).ConfigureAwait(false);
        var named = PassiveReply.ParsePasv(pasv.Message);
        return _options.UsePassiveAddress ? named : new IPEndPoint(remote.Address, named.Port);
    }

    private static IPEndPoint ParseEpsv(IPEndPoint remote, FtpReply reply) =>
        new(remote.Address, PassiveReply.ParseEpsv(reply.LastLine.Contains('(', StringComparison.Ordinal) ? reply.LastLine : reply.Message));

    /// <summary>After a refused EPSV: PASV from now on where the refusal says EPSV is unknown or unwanted; any other answer is an error.</summary>
    private void RefuseEpsv(FtpReply reply)
    {
        if (reply.Code is not (500 or 501 or 502 or 504 or 522))
        {
            throw ToException("EPSV", reply);
        }

        _epsvRefused = true;
    }

    /// <summary>
    /// Aborts a transfer already closed on our side. Servers answer ABOR in every way: 426 then 226, 226 alone,
    /// 225, nothing at all (they just close the data connection), or only once they have sent some more. A
    /// NOOP follows the ABOR and everything up to its 200 is read: then the control connection is in step
    /// again. A server that does not get there within <see cref="AbortWait"/> has its connection dropped
    /// instead, and the next command opens a new one: Ctrl+C returns at once and the session stays usable.
    /// </summary>
    private async Task AbortAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(AbortWait < _options.Timeout ? AbortWait : _options.Timeout);
            await WriteCommandAsync("ABOR", timeout.Token).ConfigureAwait(false);
            await WriteCommandAsync("NOOP", timeout.Token).ConfigureAwait(false);

            // A probing NOOP still unanswered (ReadPipelinedStartAsync) gets its 200 first: the last 200 is ours.
            var noops = 1 + _probeRepliesDue;
            _probeRepliesDue = 0;
            for (var i = 0; i < 8; i++)
            {
                var reply = await ReadReplyAsync(timeout.Token).ConfigureAwait(false);
                if (reply.Code == 200 && --noops == 0)
                {
                    return;
                }
            }

            await DropConnectionAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FtpException or OperationCanceledException or IOException or ArgumentException)
        {
            await DropConnectionAsync().ConfigureAwait(false);
        }
    }
}
