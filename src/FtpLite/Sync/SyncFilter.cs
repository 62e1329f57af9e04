using System.Text;
using System.Text.RegularExpressions;

namespace FtpLite.Sync;

/// <summary>
/// -Include and -Exclude on relative paths. A pattern without '/' is matched against the name at any depth
/// ("*.log"); one with '/' against the whole relative path ("logs/2024-*", "cache/**"). '*' matches within one
/// segment, '**' across segments, '?' one character, '[a-z]' a set; letters match in either case, as
/// PowerShell's wildcards do. An excluded folder excludes everything below it; -Include selects files (folders
/// are walked unless excluded). Excluded items are neither transferred nor deleted.
/// </summary>
public sealed class SyncFilter
{
    private readonly Pattern[] _include;
    private readonly Pattern[] _exclude;

    /// <summary>A filter; null or empty lists mean "everything" and "nothing".</summary>
    public SyncFilter(IEnumerable<string>? include = null, IEnumerable<string>? exclude = null)
    {
        _include = [.. (include ?? []).Where(p => !string.IsNullOrEmpty(p)).Select(ToRegex)];
        _exclude = [.. (exclude ?? []).Where(p => !string.IsNullOrEmpty(p)).Select(ToRegex)];
    }

    /// <summary>The filter that lets everything through.</summary>
    public static SyncFilter All { get; } = new();

    /// <summary>True when -Include patterns narrow the files.</summary>
    public bool HasIncludes => _include.Length > 0;

    /// <summary>True when the entry takes part in the sync.</summary>
    public bool Includes(SyncEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Includes(entry.RelativePath, entry.IsDirectory);
    }

    /// <summary>True when the item at <paramref name="relativePath"/> takes part in the sync.</summary>
    public bool Includes(string relativePath, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (IsExcluded(relativePath))
        {
            return false;
        }

        foreach (var folder in SyncPaths.Ancestors(relativePath))
        {
            if (folder.Length > 0 && IsExcluded(folder))
            {
                return false;
            }
        }

        return isDirectory || _include.Length == 0 || Matches(_include, relativePath);
    }

    private bool IsExcluded(string relativePath) => _exclude.Length > 0 && Matches(_exclude, relativePath);

    private static bool Matches(Pattern[] patterns, string relativePath)
    {
        var name = SyncPaths.GetName(relativePath);
        foreach (var pattern in patterns)
        {
            if (pattern.Regex.IsMatch(pattern.IsPath ? relativePath : name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A wildcard pattern as an anchored regex, and whether it is matched against the whole path.</summary>
    private static Pattern ToRegex(string pattern)
    {
        var isPath = pattern.Contains('/', StringComparison.Ordinal);
        var text = pattern.TrimStart('/');
        var regex = new StringBuilder(@"\A");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '*' when i + 1 < text.Length && text[i + 1] == '*':
                    regex.Append(".*");
                    i++;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = text.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        var set = text[(i + 1)..close];
                        regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                        i = close;
                    }
                    else
                    {
                        regex.Append(@"\[");
                    }

                    break;
                case '`' when i + 1 < text.Length:
                    regex.Append(Regex.Escape(text[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        regex.Append(@"\z");
        return new Pattern(new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)), isPath);
    }

    private readonly record struct Pattern(Regex Regex, bool IsPath);
}
