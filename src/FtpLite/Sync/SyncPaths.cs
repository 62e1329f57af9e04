namespace FtpLite.Sync;

/// <summary>Relative '/'-separated paths inside a synced tree; "" is the synced folder itself.</summary>
public static class SyncPaths
{
    /// <summary>The parent of a relative path; "" for a top-level name.</summary>
    public static string GetParent(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? string.Empty : relativePath[..slash];
    }

    /// <summary>The last segment of a relative path.</summary>
    public static string GetName(string relativePath) => relativePath[(relativePath.LastIndexOf('/') + 1)..];

    /// <summary>The folders above a relative path, nearest first, ending with "" (the synced folder).</summary>
    public static IEnumerable<string> Ancestors(string relativePath)
    {
        var path = relativePath;
        while (path.Length > 0)
        {
            path = GetParent(path);
            yield return path;
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it.</summary>
    public static bool IsAtOrBelow(string path, string folder) =>
        folder.Length == 0 || path == folder || (path.StartsWith(folder, StringComparison.Ordinal) && path.Length > folder.Length && path[folder.Length] == '/');
}
