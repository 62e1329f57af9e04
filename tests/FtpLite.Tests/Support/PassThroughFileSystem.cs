using FtpLite.FileSystem;

namespace FtpLite.Tests.Support;

/// <summary>
/// A file system that hands every call to another: a test derives from it and overrides only the call it
/// means to change, instead of writing out the others.
/// </summary>
public abstract class PassThroughFileSystem(IFtpFileSystem inner) : IFtpFileSystem
{
    protected IFtpFileSystem Inner => inner;

    public virtual ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken) => inner.GetEntryAsync(path, cancellationToken);

    public virtual IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken) => inner.ListAsync(directory, cancellationToken);

    public virtual ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken) => inner.OpenReadAsync(path, offset, cancellationToken);

    public virtual ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken) =>
        inner.BeginUploadAsync(path, offset, append, cancellationToken);

    public virtual ValueTask DeleteFileAsync(string path, CancellationToken cancellationToken) => inner.DeleteFileAsync(path, cancellationToken);

    public virtual ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken) => inner.CreateDirectoryAsync(path, cancellationToken);

    public virtual ValueTask DeleteDirectoryAsync(string path, CancellationToken cancellationToken) => inner.DeleteDirectoryAsync(path, cancellationToken);

    public virtual ValueTask RenameAsync(string path, string newPath, CancellationToken cancellationToken) => inner.RenameAsync(path, newPath, cancellationToken);

    public virtual ValueTask SetLastWriteTimeAsync(string path, DateTime lastWriteTimeUtc, CancellationToken cancellationToken) => inner.SetLastWriteTimeAsync(path, lastWriteTimeUtc, cancellationToken);
}
