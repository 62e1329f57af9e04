using System.Diagnostics;
using System.Globalization;
using FtpLite.IO;

namespace FtpLite.Client;

public sealed partial class FtpClient
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Downloads a remote file into a stream (RETR, after REST when <paramref name="offset"/> is set).</summary>
    /// <returns>The number of bytes received.</returns>
    public Task<long> DownloadAsync(string remotePath, Stream destination, long offset = 0, long? totalBytes = null,
        IProgress<FtpTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var fullPath = GetFullPath(remotePath);
        return WithGateAsync("RETR", async token =>
        {
            await EnsureBinaryAsync(token).ConfigureAwait(false);
            await RestartAtAsync(offset, token).ConfigureAwait(false);
            return await TransferAsync("RETR " + fullPath,
                (data, t) => CopyAsync(data, destination, fullPath, offset, totalBytes, progress, t), token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// Uploads a stream to a remote file: STOR, or APPE when <paramref name="append"/> is set, or REST+STOR
    /// when <paramref name="offset"/> is set (the stream must then start at that offset).
    /// </summary>
    /// <returns>The number of bytes sent.</returns>
    public Task<long> UploadAsync(Stream source, string remotePath, long offset = 0, bool append = false, long? totalBytes = null,
        IProgress<FtpTransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        UploadCoreAsync(source, GetFullPath(remotePath), offset, append, totalBytes, progress, onStarted: null, cancellationToken);

    /// <summary><see cref="UploadAsync"/>, telling <paramref name="onStarted"/> once the server accepted the command and may have created the file.</summary>
    private Task<long> UploadCoreAsync(Stream source, string fullPath, long offset, bool append, long? totalBytes,
        IProgress<FtpTransferProgress>? progress, Action? onStarted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return WithGateAsync("STOR", async token =>
        {
            await EnsureBinaryAsync(token).ConfigureAwait(false);
            await RestartAtAsync(offset, token).ConfigureAwait(false);
            var command = (append ? "APPE " : "STOR ") + fullPath;
            // No sendfile here: measured against vsftpd, the pipelined copy uploads as fast or faster, and it
            // reports progress as it goes.
            return await TransferAsync(command, (data, t) =>
            {
                onStarted?.Invoke();
                return CopyAsync(source, data, fullPath, offset, totalBytes, progress, t);
            }, token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Returns the size of a remote file (SIZE), or null when the server cannot tell.</summary>
    public Task<long?> GetSizeAsync(string remotePath, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(remotePath);
        return WithGateAsync("SIZE", async token =>
        {
            await EnsureBinaryAsync(token).ConfigureAwait(false);
            var reply = await CommandAsync("SIZE " + fullPath, token).ConfigureAwait(false);
            return ReadSize(reply);
        }, cancellationToken);
    }

    /// <summary>
    /// The number a SIZE reply carries; null when the reply is a refusal, or a 213 with no number in it
    /// ("213 File status": the file is there, its size unknown).
    /// </summary>
    private static long? ReadSize(Protocol.FtpReply reply) =>
        reply.Code == 213 && reply.TryRead(static (string line, out long size) =>
            long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out size), out long size)
            ? size
            : null;

    private async Task RestartAtAsync(long offset, CancellationToken token)
    {
        if (offset > 0)
        {
            await CommandAsync("REST " + offset.ToString(CultureInfo.InvariantCulture), token, expect: 350).ConfigureAwait(false);
        }
    }

    private async Task<long> CopyAsync(Stream source, Stream target, string remotePath, long startOffset, long? totalBytes,
        IProgress<FtpTransferProgress>? progress, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        var nextReport = ProgressInterval;
        progress?.Report(new FtpTransferProgress(remotePath, startOffset, totalBytes, TimeSpan.Zero, startOffset));
        var copied = await TransferCopy.CopyAsync(source, target, _options.TransferBufferSize, total =>
        {
            KeepAlive();
            if (progress is not null && clock.Elapsed >= nextReport)
            {
                progress.Report(new FtpTransferProgress(remotePath, startOffset + total, totalBytes, clock.Elapsed, startOffset));
                nextReport = clock.Elapsed + ProgressInterval;
            }
        }, token).ConfigureAwait(false);
        await target.FlushAsync(token).ConfigureAwait(false);
        progress?.Report(new FtpTransferProgress(remotePath, startOffset + copied, totalBytes ?? startOffset + copied, clock.Elapsed, startOffset));
        return copied;
    }
}
