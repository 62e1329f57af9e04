namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Creates the local folders a download needs and removes them again when it fails, so that a failed
/// download leaves no folder that was not there before.
/// </summary>
internal static class LocalFolders
{
    /// <summary>Creates <paramref name="folder"/> and its missing parents; returns those it created, deepest first.</summary>
    public static List<string> Create(string folder)
    {
        var missing = new List<string>();
        for (var current = folder; !string.IsNullOrEmpty(current) && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Add(current);
        }

        Directory.CreateDirectory(folder);
        return missing;
    }

    /// <summary>Removes the folders <see cref="Create"/> made, deepest first, as long as they are empty.</summary>
    public static void RemoveIfEmpty(List<string> created)
    {
        foreach (var folder in created)
        {
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Something else uses it now: it stays, as it would have without the cleanup.
            }
        }
    }
}
