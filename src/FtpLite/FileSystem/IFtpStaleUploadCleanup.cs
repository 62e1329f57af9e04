namespace FtpLite.FileSystem;

/// <summary>
/// A file system whose staged uploads outlive a killed server (a disk's hidden temporary files), so the server
/// clears them once when it starts. A file system that keeps nothing across runs has nothing to clear.
/// </summary>
public interface IFtpStaleUploadCleanup
{
    /// <summary>
    /// Removes the staged uploads a previous run left behind; live ones (still being written, in this process or
    /// another) stay. Returns how many were removed.
    /// </summary>
    int RemoveStaleUploads();
}
