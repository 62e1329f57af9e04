using FtpLite.FileSystem;

namespace FtpLite.Server.Accounts;

/// <summary>
/// Builds the file system a logged-in account sees: its home as "/", its mounts, then its limits (bandwidth,
/// quota) and, outermost, its rights, so that nothing reaches a folder without passing the rights check.
/// </summary>
internal static class AccountFileSystem
{
    public static IFtpFileSystem Create(FtpAccountPolicy policy, Func<QuotaUsage> usage, TimeProvider time)
    {
        IFtpFileSystem fileSystem = new DiskFileSystem(policy.Home);
        if (policy.QuotaBytes is not null || policy.QuotaFiles is not null)
        {
            // The quota is of the home folder: mounted folders are shared, and belong to no one user's quota.
            fileSystem = new QuotaFileSystem(fileSystem, usage(), policy.QuotaBytes, policy.QuotaFiles);
        }

        if (policy.Mounts.Count > 0)
        {
            fileSystem = new MountFileSystem(fileSystem, policy.Mounts.Select(mount =>
                KeyValuePair.Create(mount.Key, (IFtpFileSystem)new DiskFileSystem(mount.Value))));
        }

        if (policy.BandwidthBytesPerSecond is { } rate)
        {
            fileSystem = new ThrottledFileSystem(fileSystem, rate, time);
        }

        return new RightsFileSystem(fileSystem, policy.RightsAt);
    }
}
