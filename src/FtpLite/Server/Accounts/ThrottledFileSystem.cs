using FtpLite.FileSystem;

namespace FtpLite.Server.Accounts;

/// <summary>
/// Holds each download and upload of a session to a bandwidth limit. It offers no zero-copy source, so RETR
/// copies through the throttle instead of handing the file to the kernel.
/// </summary>
internal sealed class ThrottledFileSystem(IFtpFileSystem inner, long bytesPerSecond, TimeProvider time) : IFtpFileSystem
{
    public ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken) => inner.GetEntryAsync(path, cancellationToken);

    public IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken) => inner.ListAsync(directory, cancellationToken);

    public async ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken) =>
        new ThrottledStream(await inner.OpenReadAsync(path, offset, cancellationToken).ConfigureAwait(false), bytesPerSecond, time);

    public async ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken) =>
        new Upload(await inner.BeginUploadAsync(path, offset, append, cancellationToken).ConfigureAwait(false), bytesPerSecond, time);

    public ValueTask DeleteFileAsync(string path, CancellationToken cancellationToken) => inner.DeleteFileAsync(path, cancellationToken);

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(path, cancellationToken);

    public ValueTask DeleteDirectoryAsync(string path, CancellationToken cancellationToken) => inner.DeleteDirectoryAsync(path, cancellationToken);

    public ValueTask RenameAsync(string path, string newPath, CancellationToken cancellationToken) => inner.RenameAsync(path, newPath, cancellationToken);

    public ValueTask SetLastWriteTimeAsync(string path, DateTime lastWriteTimeUtc, CancellationToken cancellationToken) =>
        inner.SetLastWriteTimeAsync(path, lastWriteTimeUtc, cancellationToken);

    /// <summary>The upload's stream behind a throttle; disposing the upload disposes its stream, as before.</summary>
    private sealed class Upload(IFtpUpload inner, long bytesPerSecond, TimeProvider time) : IFtpUpload
    {
        public Stream Stream { get; } = new ThrottledStream(inner.Stream, bytesPerSecond, time);

        public ValueTask CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public ValueTask<bool> RevertAsync(CancellationToken cancellationToken) => inner.RevertAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
