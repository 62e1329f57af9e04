using FtpLite.FileSystem;

namespace FtpLite.Server.Accounts;

/// <summary>
/// A session's file system that lets through only what the account's rights allow at each path, and refuses the
/// rest as AccessDenied ("550 Permission denied."). Checked here, at the one seam every command goes through,
/// rather than in each command handler, where a new command could forget.
/// </summary>
internal sealed class RightsFileSystem(IFtpFileSystem inner, Func<string, FtpRights> rightsAt) : IFtpFileSystem, IFtpZeroCopyFileSystem
{
    /// <summary>
    /// A folder's entry is always given (so CWD works in a drop box); a file's only with List or Download, whose
    /// listings and transfers show its size and time anyway, or Rename, since RNFR looks first. Without them a file
    /// that is not there is refused the same way as one that is, so a drop box cannot probe for names.
    /// </summary>
    public async ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken)
    {
        var entry = await inner.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is { IsDirectory: true } || (rightsAt(path) & (FtpRights.ReadOnly | FtpRights.Rename)) != 0)
        {
            return entry;
        }

        throw Denied(path);
    }

    public IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken)
    {
        Require(directory, FtpRights.List);
        return inner.ListAsync(directory, cancellationToken);
    }

    public ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken)
    {
        Require(path, FtpRights.Download);
        return inner.OpenReadAsync(path, offset, cancellationToken);
    }

    /// <summary>A new name needs Upload; an existing file (replaced, appended to or resumed) needs Overwrite.</summary>
    public async ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken)
    {
        var exists = await inner.GetEntryAsync(path, cancellationToken).ConfigureAwait(false) is not null;
        Require(path, exists ? FtpRights.Overwrite : FtpRights.Upload);
        return await inner.BeginUploadAsync(path, offset, append, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DeleteFileAsync(string path, CancellationToken cancellationToken)
    {
        Require(path, FtpRights.Delete);
        return inner.DeleteFileAsync(path, cancellationToken);
    }

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        Require(path, FtpRights.CreateFolder);
        return inner.CreateDirectoryAsync(path, cancellationToken);
    }

    public ValueTask DeleteDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        Require(path, FtpRights.Delete);
        return inner.DeleteDirectoryAsync(path, cancellationToken);
    }

    /// <summary>Both names need Rename; replacing a file at the target needs Overwrite there too.</summary>
    public async ValueTask RenameAsync(string path, string newPath, CancellationToken cancellationToken)
    {
        Require(path, FtpRights.Rename);
        Require(newPath, FtpRights.Rename);
        if (await inner.GetEntryAsync(newPath, cancellationToken).ConfigureAwait(false) is not null)
        {
            Require(newPath, FtpRights.Overwrite);
        }

        await inner.RenameAsync(path, newPath, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask SetLastWriteTimeAsync(string path, DateTime lastWriteTimeUtc, CancellationToken cancellationToken)
    {
        Require(path, FtpRights.Overwrite);
        return inner.SetLastWriteTimeAsync(path, lastWriteTimeUtc, cancellationToken);
    }

    public FileStream? GetZeroCopySource(Stream opened) => (inner as IFtpZeroCopyFileSystem)?.GetZeroCopySource(opened);

    private void Require(string path, FtpRights right)
    {
        if ((rightsAt(path) & right) != right)
        {
            throw Denied(path);
        }
    }

    private static FtpFileSystemException Denied(string path) => new(FtpFileSystemError.AccessDenied, path);
}
