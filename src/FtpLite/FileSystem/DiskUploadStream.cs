using FtpLite.IO;

namespace FtpLite.FileSystem;

/// <summary>
/// The stream an upload to disk writes to: the staged or appended file, whose write errors (a full disk, a
/// quota) come out as <see cref="FtpFileSystemException"/>s naming the upload's path, so the server need not
/// know what a disk error looks like. Does not own the file: the upload disposes it.
/// </summary>
internal sealed class DiskUploadStream(FileStream file, string path) : PassThroughStream(file)
{
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            Inner.Write(buffer, offset, count);
        }
        catch (Exception ex) when (DiskErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Writes on the caller's thread. A write lands in the page cache in microseconds; an asynchronous FileStream on
    /// Unix runs the same pwrite on a thread-pool thread, so awaiting it only added a hop through the pool (a work
    /// item, a wake-up, a spinning worker) for every chunk of every upload.
    /// </summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        try
        {
            Inner.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        catch (Exception ex) when (DiskErrorTranslation.Translate(ex, path) is { } translated)
        {
            return ValueTask.FromException(translated);
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DiskErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }
}
