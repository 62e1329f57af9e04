using System.Net.Sockets;

namespace FtpLite.IO;

/// <summary>
/// Sends part of a file to a socket without copying it through user space (sendfile on Linux, TransmitFile
/// on Windows, through <see cref="Socket.SendPacketsAsync(SocketAsyncEventArgs)"/>), in chunks so progress
/// and stall timeouts still see it move.
/// </summary>
/// <remarks>
/// A file cut short by another process while it is sent does not stop the send with an error by itself: measured on
/// .NET 10 / Linux, a chunk that reaches the new end completes "successfully" with fewer bytes (sendfile returned 0),
/// and a chunk that starts or ends past the new end fails with InvalidArgument before sending anything. So each
/// chunk is sized from the file's length at that moment, only the bytes the kernel reports count as sent, and a
/// file that ends before <c>count</c> ends the send with <see cref="FileEndedEarlyException"/>.
/// </remarks>
internal static class ZeroCopy
{
    private const int ChunkSize = 2 * 1024 * 1024;

    /// <summary>Sends <paramref name="count"/> bytes from <paramref name="offset"/>; returns the bytes sent.</summary>
    /// <remarks>Cancelling closes the socket: a send in the kernel cannot be taken back any other way.</remarks>
    /// <exception cref="FileEndedEarlyException">The file ended (it shrank) before <paramref name="count"/> bytes were sent.</exception>
    public static async Task<long> SendFileAsync(Socket socket, FileStream file, long offset, long count, Action<long>? onChunk, CancellationToken cancellationToken)
    {
        using var args = new SocketAsyncEventArgs();
        var completion = new ChunkCompletion();
        args.Completed += completion.OnCompleted;
        await using var registration = cancellationToken.Register(static state => ((Socket)state!).Dispose(), socket).ConfigureAwait(false);
        long sent = 0;
        while (sent < count)
        {
            var position = offset + sent;
            var chunk = (int)Math.Min(Math.Min(ChunkSize, count - sent), Math.Max(0, RandomAccess.GetLength(file.SafeFileHandle) - position));
            if (chunk == 0)
            {
                throw new FileEndedEarlyException(sent, count);
            }

            args.SendPacketsElements = [new SendPacketsElement(file, position, chunk, endOfPacket: false)];
            var pending = completion.Start();
            long chunkSent;
            try
            {
                if (!socket.SendPacketsAsync(args))
                {
                    completion.OnCompleted(socket, args);
                }

                chunkSent = await pending.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.InvalidArgument && RandomAccess.GetLength(file.SafeFileHandle) < position + chunk)
            {
                // Cut short between the length check above and the kernel's own check: nothing of this chunk went.
                throw new FileEndedEarlyException(sent, count);
            }
            catch (SocketException ex)
            {
                throw new IOException($"Sending the file failed: {ex.Message}", ex);
            }

            // Fewer bytes than asked for means the file ended inside this chunk; the next round's length check sees it.
            // None at all from a file still that long would repeat forever: a failure, not a loop.
            if (chunkSent <= 0 && RandomAccess.GetLength(file.SafeFileHandle) > position)
            {
                throw new IOException("Sending the file failed: the kernel took none of its bytes.");
            }

            sent += chunkSent;
            onChunk?.Invoke(sent);
        }

        return sent;
    }

    private sealed class ChunkCompletion
    {
        private TaskCompletionSource<long>? _current;

        public Task<long> Start()
        {
            _current = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _current.Task;
        }

        public void OnCompleted(object? sender, SocketAsyncEventArgs args)
        {
            if (args.SocketError == SocketError.Success)
            {
                _current!.TrySetResult(args.BytesTransferred);
            }
            else
            {
                _current!.TrySetException(new SocketException((int)args.SocketError));
            }
        }
    }
}
