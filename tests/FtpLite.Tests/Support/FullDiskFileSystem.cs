using FtpLite.FileSystem;

namespace FtpLite.Tests.Support;

/// <summary>A test file system whose uploads fail for lack of space after a few bytes, as a full disk does.</summary>
/// <remarks>
/// The full disk is reported as a file system reports it: an <see cref="FtpFileSystemException"/> with
/// InsufficientStorage, not the OS error, which only the disk's own file system knows how to read.
/// </remarks>
public sealed class FullDiskFileSystem(IFtpFileSystem inner, long bytesBeforeFull) : PassThroughFileSystem(inner)
{
    public override async ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken) =>
        new FullUpload(await Inner.BeginUploadAsync(path, offset, append, cancellationToken), bytesBeforeFull, path);

    private sealed class FullUpload(IFtpUpload inner, long limit, string path) : IFtpUpload
    {
        public Stream Stream { get; } = new LimitedStream(inner.Stream, limit, path);

        public ValueTask CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public ValueTask<bool> RevertAsync(CancellationToken cancellationToken) => inner.RevertAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class LimitedStream(Stream inner, long limit, string path) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_written + buffer.Length > limit)
            {
                throw new FtpFileSystemException(FtpFileSystemError.InsufficientStorage, path);
            }

            await inner.WriteAsync(buffer, cancellationToken);
            _written += buffer.Length;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
