using FtpLite.FileSystem;

namespace FtpLite.Tests.Support;

/// <summary>The disk, except that one folder refuses to be listed (access denied), as a folder without rights does.</summary>
public sealed class RefusingFolderFileSystem(IFtpFileSystem inner, string refused) : PassThroughFileSystem(inner)
{
    public override IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken) =>
        directory == refused ? throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, directory) : base.ListAsync(directory, cancellationToken);
}
