using FtpLite.FileSystem;

namespace FtpLite.Server.Accounts;

/// <summary>
/// Keeps a user within a quota of bytes and files. An upload that would pass it fails at the first byte too many
/// with QuotaExceeded ("552"), and, being uncommitted, leaves nothing: neither a partial file nor a changed one.
/// </summary>
internal sealed class QuotaFileSystem(IFtpFileSystem inner, QuotaUsage usage, long? maxBytes, long? maxFiles) : IFtpFileSystem, IFtpZeroCopyFileSystem
{
    public ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken) => inner.GetEntryAsync(path, cancellationToken);

    public IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken) => inner.ListAsync(directory, cancellationToken);

    public ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken) => inner.OpenReadAsync(path, offset, cancellationToken);

    public async ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken)
    {
        var existing = await inner.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        if (existing is null && !usage.TryAddFile(maxFiles))
        {
            throw new FtpFileSystemException(FtpFileSystemError.QuotaExceeded, path);
        }

        try
        {
            // What the finished file keeps of the old one is counted already; the old bytes it drops are given back
            // now, so a replacement needs room only for what it adds, and taken again if the upload is discarded.
            var kept = existing is null ? 0 : append ? existing.Length : Math.Min(offset, existing.Length);
            var upload = await inner.BeginUploadAsync(path, offset, append, cancellationToken).ConfigureAwait(false);
            var dropped = (existing?.Length ?? 0) - kept;
            usage.Release(dropped, 0);
            return new Upload(upload, usage, maxBytes, path, existing is null, dropped);
        }
        catch
        {
            if (existing is null)
            {
                usage.Release(0, 1);
            }

            throw;
        }
    }

    public async ValueTask DeleteFileAsync(string path, CancellationToken cancellationToken)
    {
        var entry = await inner.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        await inner.DeleteFileAsync(path, cancellationToken).ConfigureAwait(false);
        usage.Release(entry?.Length ?? 0, entry is null ? 0 : 1);
    }

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(path, cancellationToken);

    public ValueTask DeleteDirectoryAsync(string path, CancellationToken cancellationToken) => inner.DeleteDirectoryAsync(path, cancellationToken);

    public async ValueTask RenameAsync(string path, string newPath, CancellationToken cancellationToken)
    {
        var replaced = await inner.GetEntryAsync(newPath, cancellationToken).ConfigureAwait(false);
        await inner.RenameAsync(path, newPath, cancellationToken).ConfigureAwait(false);
        if (replaced is { IsDirectory: false })
        {
            usage.Release(replaced.Length, 1);
        }
    }

    public ValueTask SetLastWriteTimeAsync(string path, DateTime lastWriteTimeUtc, CancellationToken cancellationToken) =>
        inner.SetLastWriteTimeAsync(path, lastWriteTimeUtc, cancellationToken);

    public FileStream? GetZeroCopySource(Stream opened) => (inner as IFtpZeroCopyFileSystem)?.GetZeroCopySource(opened);

    /// <summary>Reserves each byte before it is written; gives everything back unless committed.</summary>
    private sealed class Upload : IFtpUpload
    {
        private readonly IFtpUpload _inner;
        private readonly QuotaUsage _usage;
        private readonly bool _newFile;
        private readonly long _dropped;
        private readonly CountingStream _stream;
        private bool _committed;

        public Upload(IFtpUpload inner, QuotaUsage usage, long? maxBytes, string path, bool newFile, long dropped)
        {
            _inner = inner;
            _usage = usage;
            _newFile = newFile;
            _dropped = dropped;
            _stream = new CountingStream(inner.Stream, usage, maxBytes, path);
        }

        public Stream Stream => _stream;

        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            await _inner.CommitAsync(cancellationToken).ConfigureAwait(false);
            _committed = true;
        }

        /// <summary>A commit taken back (the client never read its 226) gives back what the upload took.</summary>
        public async ValueTask<bool> RevertAsync(CancellationToken cancellationToken)
        {
            if (!await _inner.RevertAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            _committed = false;
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
            if (!_committed)
            {
                _usage.Release(_stream.Reserved, _newFile ? 1 : 0);
                _usage.TryReserve(_dropped, limit: null);
            }
        }
    }

    private sealed class CountingStream(Stream inner, QuotaUsage usage, long? maxBytes, string path) : IO.PassThroughStream(inner)
    {
        public long Reserved { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!usage.TryReserve(buffer.Length, maxBytes))
            {
                throw new FtpFileSystemException(FtpFileSystemError.QuotaExceeded, path);
            }

            Reserved += buffer.Length;
            await Inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }
}
