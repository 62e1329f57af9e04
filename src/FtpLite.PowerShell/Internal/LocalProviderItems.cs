using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Local files as Get-Item outputs them (the FileSystem provider's PSPath, PSDrive, UnixStat... that its views
/// show), for many files at a time. A plain path makes PowerShell find its drive again for every item, and each
/// time it re-reads /proc/self/mountinfo several times (to check the drive is still mounted): 0.7 ms and 45 KB a
/// file, more than a small download costs. So only the first file under each root takes the plain path; the others
/// take the provider-qualified path (no drive lookup) and get that first file's drive, where Get-Item puts it.
/// </summary>
internal sealed class LocalProviderItems(ProviderIntrinsics provider)
{
    private const string FileSystemPrefix = @"Microsoft.PowerShell.Core\FileSystem::";

    /// <summary>The drive of the first file under each path root; null where its item had none (then every file takes the plain path).</summary>
    private readonly Dictionary<string, PSDriveInfo?> _driveByRoot = new(StringComparer.Ordinal);

    /// <summary>The file as Get-Item outputs it; the bare file should the provider fail.</summary>
    public object Get(FileInfo file)
    {
        try
        {
            var root = Path.GetPathRoot(file.FullName) ?? string.Empty;
            if (_driveByRoot.TryGetValue(root, out var drive) && drive is not null && WithDrive(GetOne(FileSystemPrefix + file.FullName), drive) is { } fast)
            {
                return fast;
            }

            var item = GetOne(file.FullName);
            _driveByRoot.TryAdd(root, item?.Properties["PSDrive"]?.Value as PSDriveInfo);
            return item ?? (object)file;
        }
        catch (Exception ex) when (ex is ProviderInvocationException or ItemNotFoundException or IOException or UnauthorizedAccessException)
        {
            return file;
        }
    }

    private PSObject? GetOne(string path) => provider.Item.Get([path], force: true, literalPath: true) is [var item] ? item : null;

    /// <summary>
    /// Adds PSDrive where the plain path's item has it: after UnixStat (Unix) or PSChildName, before PSProvider and
    /// PSIsContainer (Get-Member and Format-List show members in that order). Null when the item is not as expected.
    /// </summary>
    private static PSObject? WithDrive(PSObject? item, PSDriveInfo drive)
    {
        if (item?.Properties["PSProvider"] is not PSNoteProperty provider || item.Properties["PSIsContainer"] is not PSNoteProperty container
            || item.Properties["PSDrive"] is not null)
        {
            return null;
        }

        item.Properties.Remove(provider.Name);
        item.Properties.Remove(container.Name);
        item.Properties.Add(new PSNoteProperty("PSDrive", drive));
        item.Properties.Add(new PSNoteProperty(provider.Name, provider.Value));
        item.Properties.Add(new PSNoteProperty(container.Name, container.Value));
        return item;
    }
}
