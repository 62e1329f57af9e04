using System.Globalization;
using FtpLite.FileSystem;

namespace FtpLite.Server.Listings;

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
        var mode = (entry.IsDirectory ? "d" : "-") + Permissions(entry.UnixMode ?? (entry.IsDirectory ? 0x1ED : 0x1A4));
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
        var mode = entry.UnixMode is { } bits ? string.Create(CultureInfo.InvariantCulture, $"UNIX.mode={Convert.ToString(bits, 8).PadLeft(4, '0')};") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"type={type};size={entry.Length};modify={modify};perm={permissions};{mode}");
    }

    /// <summary>"rwxr-xr-x" for 0755.</summary>
    private static string Permissions(int mode)
    {
        Span<char> chars = stackalloc char[9];
        for (var i = 0; i < 9; i++)
        {
            chars[i] = (mode & (1 << (8 - i))) == 0 ? '-' : "rwx"[i % 3];
        }

        return new string(chars);
    }

    public static string Mlsd(FtpFileSystemEntry entry, bool canWrite) => MlsxFacts(entry, canWrite) + " " + entry.Name;
}
