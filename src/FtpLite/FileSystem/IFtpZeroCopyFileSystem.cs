namespace FtpLite.FileSystem;

/// <summary>
/// A file system whose read streams can be sent by the kernel straight from the file to the socket (sendfile),
/// without passing through the server's buffers. The server asks this of the file system rather than guessing
/// from a stream's type, because only the file system knows whether a stream it opened is the file itself.
/// </summary>
public interface IFtpZeroCopyFileSystem
{
    /// <summary>
    /// The open file behind <paramref name="opened"/> (a stream this file system's
    /// <see cref="IFtpFileSystem.OpenReadAsync"/> returned), positioned where reading starts; null when that
    /// stream must be read through (it transforms or counts the bytes, or is not a local file).
    /// </summary>
    FileStream? GetZeroCopySource(Stream opened);
}
