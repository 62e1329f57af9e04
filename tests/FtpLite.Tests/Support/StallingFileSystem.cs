using FtpLite.FileSystem;

namespace FtpLite.Tests.Support;

/// <summary>
/// A test file system: the disk, except that downloads send their first chunk and uploads take their first
/// chunk, then stall until <see cref="Release"/> (or their cancellation), so a test can act in the middle of
/// a transfer.
/// </summary>
public sealed class StallingFileSystem(IFtpFileSystem inner) : PassThroughFileSystem(inner)
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a download has sent its first chunk and is waiting.</summary>
    public Task Stalled => _stalled.Task;

    public void Release() => _release.TrySetResult();

    public override async ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken) =>
        new StallingStream(await Inner.OpenReadAsync(path, offset, cancellationToken), this);

    public override async ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken) =>
        new StallingUpload(await Inner.BeginUploadAsync(path, offset, append, cancellationToken), this);

    private sealed class StallingUpload(IFtpUpload inner, StallingFileSystem owner) : IFtpUpload
    {
        public Stream Stream { get; } = new StallingStream(inner.Stream, owner);

        public ValueTask CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public ValueTask<bool> RevertAsync(CancellationToken cancellationToken) => inner.RevertAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class StallingStream(Stream inner, StallingFileSystem owner) : Stream
    {
        private bool _first = true;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_first)
            {
                owner._stalled.TrySetResult();
                await owner._release.Task.WaitAsync(cancellationToken);
            }

            _first = false;
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_first)
            {
                owner._stalled.TrySetResult();
                await owner._release.Task.WaitAsync(cancellationToken);
            }

            _first = false;
            return await inner.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
