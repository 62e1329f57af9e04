using System.Buffers;

namespace FtpLite.IO;

/// <summary>The copy loop every transfer uses, client and server alike.</summary>
internal static class TransferCopy
{
    /// <summary>
    /// Copies until <paramref name="source"/> ends. <paramref name="onChunk"/> sees the running total after
    /// each chunk (for progress and stall timeouts).
    /// </summary>
    public static async Task<long> CopyAsync(Stream source, Stream target, int bufferSize, Action<long>? onChunk, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                onChunk?.Invoke(total);
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
