using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace FtpLite.Protocol;

/// <summary>
/// Parses directory listings: MLSD/MLST fact lines (RFC 3659), Unix "ls -l" style LIST lines
/// (vsftpd, pyftpdlib, proftpd) and DOS/IIS style LIST lines. A line that fits none of them is an
/// error rather than a silently missing entry.
/// </summary>
public static partial class FtpListingParser
{
    private static readonly string[] CommonPermissions = ["rw-r--r--", "rwxr-xr-x", "rw-rw-r--", "rwxrwxr-x", "rw-------", "rwx------", "rwxrwxrwx"];
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Parses MLSD output for <paramref name="directory"/>; skips the cdir/pdir entries.</summary>
    public static IReadOnlyList<FtpItem> ParseMlsd(string directory, IEnumerable<string> lines)
    {
        var items = new List<FtpItem>();
        foreach (var line in lines)
        {
            if (ParseMlsdLine(directory, line) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>Parses one MLSD line; null for a blank line and for the cdir/pdir entries.</summary>
    /// <exception cref="FtpProtocolException">The line is not an MLSD fact line.</exception>
    public static FtpItem? ParseMlsdLine(string directory, string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        var item = ParseMlsxLine(line, name => FtpPath.Combine(directory, name), out var selfOrParent)
            ?? throw new FtpProtocolException($"Cannot read the MLSD line '{FtpReplyReader.Excerpt(line)}'.");
        return selfOrParent || IsSelfOrParent(item) ? null : item;
    }

    /// <summary>Parses the fact line of an MLST reply; the name there is a path.</summary>
    public static FtpItem? ParseMlst(string line) =>
        ParseMlsxLine(line.TrimStart(' '), path => path, out _);

    /// <summary>Parses LIST output for <paramref name="directory"/>, in Unix or DOS style.</summary>
    public static IReadOnlyList<FtpItem> ParseList(string directory, IEnumerable<string> lines, DateTime nowUtc)
    {
        var items = new List<FtpItem>();
        foreach (var line in lines)
        {
            if (ParseListLine(directory, line, nowUtc) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>Parses one LIST line; null for a blank line, a "total" line and the "." and ".." entries.</summary>
    /// <exception cref="FtpProtocolException">The line is in no style the parser knows.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FtpItem? ParseListLine(string directory, string line, DateTime nowUtc)
    {
        if (line.Length == 0 || (line[0] is 't' or 'T' && TotalLine().IsMatch(line)))
        {
            return null;
        }

        var item = ParseUnixFast(directory, line, nowUtc) ?? ParseUnixLine(directory, line, nowUtc) ?? ParseDosLine(directory, line)
            ?? throw new FtpProtocolException($"Cannot read the LIST line '{FtpReplyReader.Excerpt(line)}'.");
        return IsSelfOrParent(item) ? null : item;
    }

    /// <summary>
    /// <see cref="ParseListLine(string, string, DateTime)"/> for a line as it came off the wire (UTF-8): the usual
    /// "ls -l" line is read without making a string of the whole line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static FtpItem? ParseListLine(string directory, ReadOnlySpan<byte> line, DateTime nowUtc)
    {
        if (line.IsEmpty)
        {
            return null;
        }

        char[]? rented = null;
        var chars = line.Length <= 1024 ? stackalloc char[line.Length] : (rented = ArrayPool<char>.Shared.Rent(line.Length));
        try
        {
            var text = chars[..Encoding.UTF8.GetChars(line, chars)];
            var item = ParseUnixFast(directory, text, nowUtc);
            return item is null ? ParseListLine(directory, new string(text), nowUtc)
                : IsSelfOrParent(item) ? null : item;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary><see cref="ParseMlsdLine(string, string)"/> for a line as it came off the wire (UTF-8).</summary>
    internal static FtpItem? ParseMlsdLine(string directory, ReadOnlySpan<byte> line) =>
        ParseMlsdLine(directory, Encoding.UTF8.GetString(line));

    private static bool IsSelfOrParent(FtpItem item) => item.Name is "." or "..";

    private static FtpItem? ParseMlsxLine(string line, Func<string, string> fullName, out bool selfOrParent)
    {
        selfOrParent = false;
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return null;
        }

        var name = line[(space + 1)..];
        var type = FtpItemType.File;
        long size = 0;
        DateTime? modified = null;
        string? permissions = null;
        foreach (var fact in line[..space].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = fact.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = fact[..equals].ToLowerInvariant();
            var value = fact[(equals + 1)..];
            switch (key)
            {
                case "type":
                    var lowered = value.ToLowerInvariant();
                    selfOrParent = lowered is "cdir" or "pdir";
                    type = lowered switch
                    {
                        "dir" or "cdir" or "pdir" => FtpItemType.Directory,
                        "os.unix=slink" or "os.unix=symlink" => FtpItemType.Link,
                        _ when lowered.StartsWith("os.unix=slink", StringComparison.Ordinal) => FtpItemType.Link,
                        _ => FtpItemType.File,
                    };
                    break;
                case "size":
                    _ = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out size);
                    break;
                case "modify":
                    modified = ParseMdtm(value);
                    break;
                case "unix.mode":
                    permissions = ModeToPermissions(value);
                    break;
            }
        }

        var path = fullName(name);
        return new FtpItem(FtpPath.GetName(name), path, type, type == FtpItemType.Directory ? 0 : size, modified)
        {
            Permissions = permissions,
        };
    }

    /// <summary>Parses an MDTM/MLSx time value (YYYYMMDDHHMMSS[.sss], UTC).</summary>
    public static DateTime? ParseMdtm(string value) => FtpTimeValue.Parse(value);

    private static string? ModeToPermissions(string octal)
    {
        if (!int.TryParse(octal.Length > 3 ? octal[^3..] : octal, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        var digits = octal.Length > 3 ? octal[^3..] : octal.PadLeft(3, '0');
        var chars = new char[9];
        for (var i = 0; i < 3; i++)
        {
            var bits = digits[i] - '0';
            chars[i * 3] = (bits & 4) != 0 ? 'r' : '-';
            chars[(i * 3) + 1] = (bits & 2) != 0 ? 'w' : '-';
            chars[(i * 3) + 2] = (bits & 1) != 0 ? 'x' : '-';
        }

        return new string(chars);
    }

    /// <summary>
    /// The usual "ls -l" line without a regular expression (ten times faster on big listings): fields split on
    /// spaces, the month found by name, so the link count and the group may be missing. Null sends the line to
    /// the general parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FtpItem? ParseUnixFast(string directory, ReadOnlySpan<char> line, DateTime nowUtc)
    {
        if (line.Length < 20 || line[0] is not ('-' or 'd' or 'l'))
        {
            return null;
        }

        // Start and end of the first eight fields.
        Span<int> starts = stackalloc int[8];
        Span<int> ends = stackalloc int[8];
        var count = 0;
        var i = 0;
        while (count < 8 && i < line.Length)
        {
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            var start = i;
            while (i < line.Length && line[i] != ' ')
            {
                i++;
            }

            if (i > start)
            {
                starts[count] = start;
                ends[count] = i;
                count++;
            }
        }

        // The month is the field after the size: field 5 normally, 4 without a group, 3 without links too.
        for (var m = 3; m <= Math.Min(5, count - 3); m++)
        {
            var monthText = line.Slice(starts[m], ends[m] - starts[m]);
            if (monthText.Length != 3 || !IsMonth(monthText, out var month))
            {
                continue;
            }

            var sizeText = line.Slice(starts[m - 1], ends[m - 1] - starts[m - 1]);
            var dayText = line.Slice(starts[m + 1], ends[m + 1] - starts[m + 1]);
            var timeText = line.Slice(starts[m + 2], ends[m + 2] - starts[m + 2]);
            var nameStart = ends[m + 2] + 1;
            if (nameStart >= line.Length || line[ends[m + 2]] != ' '
                || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || !int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out var day)
                || ends[0] - starts[0] < 10)
            {
                return null;
            }

            DateTime? modified;
            if (timeText.Length is 4 or 5 && timeText[^3] == ':'
                && int.TryParse(timeText[..^3], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
                && int.TryParse(timeText[^2..], NumberStyles.None, CultureInfo.InvariantCulture, out var minute))
            {
                modified = SafeDate(nowUtc.Year, month, day, hour, minute);
                if (modified > nowUtc.AddDays(1))
                {
                    modified = SafeDate(nowUtc.Year - 1, month, day, hour, minute);
                }
            }
            else if (timeText.Length == 4 && int.TryParse(timeText, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                modified = SafeDate(year, month, day, 0, 0);
            }
            else
            {
                return null;
            }

            var type = line[0] switch
            {
                'd' => FtpItemType.Directory,
                'l' => FtpItemType.Link,
                _ => FtpItemType.File,
            };
            var nameText = line[nameStart..];
            string? target = null;
            if (type == FtpItemType.Link && nameText.IndexOf(" -> ", StringComparison.Ordinal) is var arrow and >= 0)
            {
                target = new string(nameText[(arrow + 4)..]);
                nameText = nameText[..arrow];
            }

            var name = new string(nameText);
            return new FtpItem(name, FtpPath.Combine(directory, name), type, type == FtpItemType.Directory ? 0 : size, modified)
            {
                Permissions = PermissionText(line.Slice(1, 9)),
                LinkTarget = target,
            };
        }

        return null;
    }

    /// <summary>The permission string, shared for the common modes: a big listing repeats a handful of them.</summary>
    private static string PermissionText(ReadOnlySpan<char> text)
    {
        foreach (var common in CommonPermissions)
        {
            if (text.SequenceEqual(common))
            {
                return common;
            }
        }

        return new string(text);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsMonth(ReadOnlySpan<char> text, out int month)
    {
        for (var k = 0; k < Months.Length; k++)
        {
            if (text.Equals(Months[k], StringComparison.OrdinalIgnoreCase))
            {
                month = k + 1;
                return true;
            }
        }

        month = 0;
        return false;
    }

    private static FtpItem? ParseUnixLine(string directory, string line, DateTime nowUtc)
    {
        var match = UnixLine().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var type = match.Groups["type"].Value switch
        {
            "d" => FtpItemType.Directory,
            "l" => FtpItemType.Link,
            _ => FtpItemType.File,
        };
        var month = Array.IndexOf(Months, match.Groups["month"].Value.ToLowerInvariant()) + 1;
        if (month == 0)
        {
            return null;
        }

        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var timeOrYear = match.Groups["timeOrYear"].Value;
        DateTime? modified;
        if (timeOrYear.Contains(':', StringComparison.Ordinal))
        {
            var parts = timeOrYear.Split(':');
            var year = nowUtc.Year;
            modified = SafeDate(year, month, day, int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));

            // "Recent" entries carry no year: one that would lie in the future belongs to last year.
            if (modified > nowUtc.AddDays(1))
            {
                modified = SafeDate(year - 1, month, day, modified.Value.Hour, modified.Value.Minute);
            }
        }
        else
        {
            modified = SafeDate(int.Parse(timeOrYear, CultureInfo.InvariantCulture), month, day, 0, 0);
        }

        var name = match.Groups["name"].Value;
        string? target = null;
        if (type == FtpItemType.Link)
        {
            var arrow = name.IndexOf(" -> ", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                target = name[(arrow + 4)..];
                name = name[..arrow];
            }
        }

        var size = long.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture);
        return new FtpItem(name, FtpPath.Combine(directory, name), type, type == FtpItemType.Directory ? 0 : size, modified)
        {
            Permissions = match.Groups["perm"].Value,
            LinkTarget = target,
        };
    }

    private static FtpItem? ParseDosLine(string directory, string line)
    {
        var match = DosLine().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year < 100)
        {
            year += year < 70 ? 2000 : 1900;
        }

        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture) % 12;
        if (match.Groups["ampm"].Value.Equals("PM", StringComparison.OrdinalIgnoreCase))
        {
            hour += 12;
        }

        var modified = SafeDate(year, month, day, hour, int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture));
        var name = match.Groups["name"].Value;
        var isDirectory = match.Groups["size"].Value.Equals("<DIR>", StringComparison.OrdinalIgnoreCase);
        var size = isDirectory ? 0 : long.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture);
        return new FtpItem(name, FtpPath.Combine(directory, name), isDirectory ? FtpItemType.Directory : FtpItemType.File, size, modified);
    }

    private static DateTime? SafeDate(int year, int month, int day, int hour, int minute)
    {
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || hour > 23 || minute > 59)
        {
            return null;
        }

        return new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc);
    }

    [GeneratedRegex(@"^total\s+\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^(?<type>[-dlbcps])(?<perm>[-rwxsStTl]{9})\S*\s+(?:\d+\s+)?\S+\s+(?:\S+\s+)?(?<size>\d+)\s+(?<month>[A-Za-z]{3})\s+(?<day>\d{1,2})\s+(?<timeOrYear>\d{1,2}:\d{2}|\d{4})\s(?<name>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex UnixLine();

    [GeneratedRegex(@"^(?<month>\d{2})-(?<day>\d{2})-(?<year>\d{2,4})\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?<ampm>[AaPp][Mm])\s+(?<size><DIR>|\d+)\s+(?<name>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DosLine();
}
