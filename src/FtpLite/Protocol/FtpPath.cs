using System.Text;

namespace FtpLite.Protocol;

/// <summary>
/// Remote paths: always '/'-separated and absolute once resolved. Resolution treats '\' as a separator
/// too (it is one on Windows) and clamps '..' at the root, so no client-supplied path can name
/// anything above "/".
/// </summary>
public static class FtpPath
{
    /// <summary>The root of a server's tree.</summary>
    public const string Root = "/";

    /// <summary>
    /// Resolves <paramref name="path"/> against <paramref name="currentDirectory"/> into a normalised absolute
    /// path ("/", "/a", "/a/b"). Returns null when the path holds a NUL character.
    /// </summary>
    public static string? Resolve(string currentDirectory, string path) => Resolve(currentDirectory, path, ['/', '\\']);

    /// <summary>
    /// The client's resolution: like <see cref="Resolve(string, string)"/> but only '/' separates, since a remote
    /// Unix server may well have names with '\' in them.
    /// </summary>
    public static string? ResolveRemote(string currentDirectory, string path) => Resolve(currentDirectory, path, ['/']);

    private static string? Resolve(string currentDirectory, string path, char[] separators)
    {
        if (path.Contains('\0', StringComparison.Ordinal) || currentDirectory.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var segments = new List<string>();
        var absolute = path.Length > 0 && separators.Contains(path[0]);
        if (!absolute)
        {
            Push(segments, currentDirectory, separators);
        }

        Push(segments, path, separators);
        return segments.Count == 0 ? Root : "/" + string.Join('/', segments);
    }

    /// <summary>The parent of a normalised absolute path ("/" for "/" and "/a").</summary>
    public static string GetParent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? Root : path[..slash];
    }

    /// <summary>The last segment of a path ("" for "/").</summary>
    public static string GetName(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>Joins a directory and a name with one '/' (no normalisation: for client-side paths).</summary>
    public static string Combine(string directory, string name)
    {
        if (name.StartsWith('/'))
        {
            return name;
        }

        if (directory.Length == 0)
        {
            return name;
        }

        return directory.EndsWith('/') ? directory + name : directory + "/" + name;
    }

    /// <summary>Quotes a path for a 257 reply: embedded quotes are doubled (RFC 959).</summary>
    public static string Quote(string path) => "\"" + path.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Reads the quoted path out of a 257 reply text; null when there is none.</summary>
    public static string? Unquote(string replyText)
    {
        var start = replyText.IndexOf('"', StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var builder = new StringBuilder();
        for (var i = start + 1; i < replyText.Length; i++)
        {
            if (replyText[i] != '"')
            {
                builder.Append(replyText[i]);
            }
            else if (i + 1 < replyText.Length && replyText[i + 1] == '"')
            {
                builder.Append('"');
                i++;
            }
            else
            {
                return builder.ToString();
            }
        }

        return null;
    }

    private static void Push(List<string> segments, string path, char[] separators)
    {
        foreach (var segment in path.Split(separators))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }
    }
}
