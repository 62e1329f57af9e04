namespace FtpLite.IO;

/// <summary>
/// Turns a remote name into a local file name, refusing any that could escape the destination folder:
/// a hostile server may list "..", or a name with '\' that Windows reads as a separator.
/// </summary>
public static class LocalNames
{
    private static readonly char[] Invalid = [.. Path.GetInvalidFileNameChars(), '\\', '/'];

    /// <summary>The remote path's last segment, if it is a safe local file name.</summary>
    /// <exception cref="FtpException">The name is empty, a dot name, or holds separators or forbidden characters.</exception>
    public static string ToLocalFileName(string remotePath)
    {
        var name = Protocol.FtpPath.GetName(remotePath);
        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(Invalid) >= 0 || name.Any(char.IsControl))
        {
            throw new FtpException($"The remote name '{Protocol.FtpReplyReader.Excerpt(name)}' cannot be used as a local file name.");
        }

        return name;
    }

    /// <summary>A '/'-separated remote relative path as a local one, each segment checked by <see cref="ToLocalFileName"/>.</summary>
    /// <exception cref="FtpException">A segment cannot be a local file name.</exception>
    public static string ToLocalRelativePath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return Path.Combine([.. relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(ToLocalFileName)]);
    }
}
