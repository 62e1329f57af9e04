using System.Net.Sockets;

namespace FtpLite.IO;

/// <summary>
/// Sends part of a file to a socket without copying it through user space (sendfile on Linux, TransmitFile
/// on Windows, through <see cref="Socket.SendPacketsAsync(SocketAsyncEventArgs)"/>), in chunks so progress
/// and stall timeouts still see it move.
/// </summary>
internal static class ZeroCopy
{
    private const int ChunkSize = 2 * 1024 * 1024;

    /// <summary>Sends <paramref name="count"/> bytes from <paramref name="offset"/>; returns the bytes sent.</summary>
    /// <remarks>Cancelling closes the socket: a send in the kernel cannot be taken back any other way.</remarks>
    public static async Task<long> SendFileAsync(Socket socket, FileStream file, long offset, long count, Action<long>? onChunk, CancellationToken cancellationToken)
    {
        using var args = new SocketAsyncEventArgs();
        var completion = new ChunkCompletion();
        args.Completed += completion.OnCompleted;
        await using var registration = cancellationToken.Register(static state => ((Socket)state!).Dispose(), socket).ConfigureAwait(false);
        long sent = 0;
        while (sent < count)
        {
            var chunk = (int)Math.Min(ChunkSize, count - sent);
            args.SendPacketsElements = [new SendPacketsElement(file, offset + sent, chunk, endOfPacket: false)];
            var pending = completion.Start();
            try
            {
                if (!socket.SendPacketsAsync(args))
                {
                    completion.OnCompleted(socket, args);
                }

                await pending.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new IOException($"Sending the file failed: {ex.Message}", ex);
            }

            sent += chunk;
            onChunk?.Invoke(sent);
        }

        return sent;
    }

    private sealed class ChunkCompletion
    {
        private TaskCompletionSource? _current;

        public Task Start()
        {
            _current = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _current.Task;
        }

        public void OnCompleted(object? sender, SocketAsyncEventArgs args)
        {
            if (args.SocketError == SocketError.Success)
            {
                _current!.TrySetResult();
            }
            else
            {
                _current!.TrySetException(new SocketException((int)args.SocketError));
            }
        }
    }
}
