using FtpLite.IO;
using FtpLite.Protocol;

namespace FtpLite.Sync;

/// <summary>The two synced folders, and where a relative path lands on each side.</summary>
/// <param name="Local">The local folder, a full path.</param>
/// <param name="Remote">The remote folder, a full path.</param>
/// <param name="Direction">Which side is the source.</param>
public sealed record SyncRoots(string Local, string Remote, SyncDirection Direction)
{
    /// <summary>The local full path of a relative path; each segment must be a safe local name (a server may list anything).</summary>
    /// <exception cref="FtpException">A segment cannot be a local file name.</exception>
    public string LocalPathOf(string relativePath) =>
        relativePath.Length == 0 ? Local : Path.Combine(Local, LocalNames.ToLocalRelativePath(relativePath));

    /// <summary>The remote full path of a relative path.</summary>
    public string RemotePathOf(string relativePath) =>
        relativePath.Length == 0 ? Remote : FtpPath.Combine(Remote, relativePath);

    /// <summary>The target side's full path of a relative path.</summary>
    public string TargetPathOf(string relativePath) =>
        Direction == SyncDirection.Upload ? RemotePathOf(relativePath) : LocalPathOf(relativePath);
}
