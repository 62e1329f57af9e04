using System.Globalization;
using FtpLite.FileSystem;

namespace FtpLite.Server;

/// <summary>Formats entries as LIST ("ls -l" style) and MLSx (RFC 3659 facts) lines.</summary>
internal static class ListingFormatter
{
    /// <summary>Entries older than this show a year instead of a time, as ls does.</summary>
    private static readonly TimeSpan RecentWindow = TimeSpan.FromDays(180);

    public static string Unix(FtpFileSystemEntry entry, DateTime nowUtc)
    {
        var time = entry.LastWriteTimeUtc;
        var recent = time <= nowUtc.AddDays(1) && nowUtc - time < RecentWindow;
        var date = recent
            ? time.ToString("MMM dd HH:mm", CultureInfo.InvariantCulture)
            : time.ToString("MMM dd  yyyy", CultureInfo.InvariantCulture);
        var mode = entry.IsDirectory ? "drwxr-xr-x" : "-rw-r--r--";
        return string.Create(CultureInfo.InvariantCulture, $"{mode} 1 ftp ftp {entry.Length,12} {date} {entry.Name}");
    }

    public static string MlsxFacts(FtpFileSystemEntry entry, bool canWrite)
    {
        var type = entry.IsDirectory ? "dir" : "file";
        var permissions = (entry.IsDirectory, canWrite) switch
        {
            (true, true) => "cdeflmp",
            (true, false) => "el",
            (false, true) => "adfrw",
            (false, false) => "r",
        };
        var modify = entry.LastWriteTimeUtc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"type={type};size={entry.Length};modify={modify};perm={permissions};");
    }

    public static string Mlsd(FtpFileSystemEntry entry, bool canWrite) => MlsxFacts(entry, canWrite) + " " + entry.Name;
}
