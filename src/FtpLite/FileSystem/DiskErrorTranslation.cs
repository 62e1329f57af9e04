using FtpLite.IO;

namespace FtpLite.FileSystem;

/// <summary>
/// Turns the OS errors of <see cref="DiskFileSystem"/>'s calls and streams into the
/// <see cref="FtpFileSystemException"/>s the server replies to; another file system translates its own.
/// </summary>
internal static class DiskErrorTranslation
{
    /// <summary>Maps an OS error to a file-system error, or null when it is not one the client should hear about.</summary>
    public static FtpFileSystemException? Translate(Exception exception, string path) => exception switch
    {
        FtpFileSystemException known => known,
        FileNotFoundException or DirectoryNotFoundException => new FtpFileSystemException(FtpFileSystemError.NotFound, path, exception),
        UnauthorizedAccessException => new FtpFileSystemException(FtpFileSystemError.AccessDenied, path, exception),
        PathTooLongException => new FtpFileSystemException(FtpFileSystemError.InvalidName, path, exception),
        NotARegularFileException => new FtpFileSystemException(FtpFileSystemError.NotARegularFile, path, exception),
        IOException io when DiskErrors.IsDiskFull(io) => new FtpFileSystemException(FtpFileSystemError.InsufficientStorage, path, exception),
        IOException io when DiskErrors.IsNameTooLong(io) => new FtpFileSystemException(FtpFileSystemError.InvalidName, path, exception),
        _ => null,
    };
}
