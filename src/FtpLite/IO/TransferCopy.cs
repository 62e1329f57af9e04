using System.Buffers;

namespace FtpLite.IO;

/// <summary>The copy loop every transfer uses, client and server alike.</summary>
internal static class TransferCopy
{
    /// <summary>
    /// Copies until <paramref name="source"/> ends, reading the next chunk while the current one is written, so
    /// disk and network work at once. <paramref name="onChunk"/> sees the running total after each chunk (for
    /// progress and stall timeouts).
    /// </summary>
    public static async Task<long> CopyAsync(Stream source, Stream target, int bufferSize, Action<long>? onChunk, CancellationToken cancellationToken)
    {
        var current = ArrayPool<byte>.Shared.Rent(bufferSize);
        var next = ArrayPool<byte>.Shared.Rent(bufferSize);

        // A socket read returns whatever has arrived; gathering a little (32 KiB) keeps the writes (to disk,
        // through the thread pool) from being many and tiny, without holding back much when the peer stalls.
        var atLeast = Math.Clamp(bufferSize / 2, 1, 32 * 1024);
        long total = 0;
        Task<int>? pendingRead = null;
        try
        {
            var read = await source.ReadAtLeastAsync(current.AsMemory(0, bufferSize), atLeast, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            while (read > 0)
            {
                pendingRead = source.ReadAtLeastAsync(next.AsMemory(0, bufferSize), atLeast, throwOnEndOfStream: false, cancellationToken).AsTask();
                await target.WriteAsync(current.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                onChunk?.Invoke(total);
                read = await pendingRead.ConfigureAwait(false);
                pendingRead = null;
                (current, next) = (next, current);
            }

            return total;
        }
        finally
        {
            if (pendingRead is not null)
            {
                // A write failed with a read still in flight: let it finish before its buffer goes back.
                try
                {
                    await pendingRead.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
                {
                }
            }

            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }
}
