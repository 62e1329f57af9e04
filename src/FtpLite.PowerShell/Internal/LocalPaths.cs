using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>Resolves -Path (wildcards) and -LiteralPath to file-system paths through the session state.</summary>
internal static class LocalPaths
{
    /// <summary>Resolves paths; reports each failure through <paramref name="fail"/> and skips it.</summary>
    public static List<string> Resolve(SessionState state, IEnumerable<string> paths, bool literal, Action<ErrorRecord> fail)
    {
        var resolved = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                if (literal)
                {
                    var full = state.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                    if (!IsFileSystem(provider))
                    {
                        fail(NotFileSystem(path));
                        continue;
                    }

                    if (!File.Exists(full) && !Directory.Exists(full))
                    {
                        fail(FtpLiteErrors.ToErrorRecord(new ItemNotFoundException($"Cannot find path '{full}' because it does not exist."), path));
                        continue;
                    }

                    resolved.Add(full);
                }
                else
                {
                    var matches = state.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
                    if (!IsFileSystem(provider))
                    {
                        fail(NotFileSystem(path));
                        continue;
                    }

                    if (matches.Count == 0)
                    {
                        // Only a pattern can match nothing without an error from the provider: say so, since a
                        // name such as "odd [1].log" is a pattern that does not match itself.
                        fail(FtpLiteErrors.Create(FtpLiteErrors.LocalFileNotFound, ErrorCategory.ObjectNotFound,
                            $"No file matches '{path}': * ? [ ] are wildcard characters in -Path. For a name that contains them, use -LiteralPath '{path.Replace("'", "''", StringComparison.Ordinal)}'.", path));
                        continue;
                    }

                    resolved.AddRange(matches);
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or ArgumentException or NotSupportedException)
            {
                fail(FtpLiteErrors.ToErrorRecord(ex is ItemNotFoundException ? ex : new ItemNotFoundException(ex.Message, ex), path));
            }
        }

        return resolved;
    }

    /// <summary>
    /// The one local path a -Path or -LiteralPath must name (Sync-FtpLiteItem's folder): null when it names none,
    /// each failure reported through <paramref name="fail"/>, or several (<paramref name="count"/> says how many,
    /// for the caller to say why one is needed). With <paramref name="mayNotExist"/>, a path without wildcards
    /// need not exist yet.
    /// </summary>
    public static string? ResolveOne(SessionState state, string path, bool literal, bool mayNotExist, Action<ErrorRecord> fail, out int count)
    {
        count = 0;
        if (literal || mayNotExist && !WildcardPattern.ContainsWildcardCharacters(path))
        {
            try
            {
                var full = ResolveDestination(state, path);
                count = 1;
                return full;
            }
            catch (Exception ex) when (ex is ArgumentException or ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
            {
                fail(FtpLiteErrors.Create(FtpLiteErrors.NotFileSystemPath, ErrorCategory.InvalidArgument, ex.Message, path));
                return null;
            }
        }

        var matches = Resolve(state, [path], literal: false, fail);
        count = matches.Count;
        return count == 1 ? matches[0] : null;
    }

    /// <summary>A file-system path for a destination that may not exist yet.</summary>
    public static string ResolveDestination(SessionState state, string path)
    {
        var full = state.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        return IsFileSystem(provider) ? full : throw new ArgumentException($"'{path}' is not a file-system path.");
    }

    private static bool IsFileSystem(ProviderInfo provider) => provider.Name == "FileSystem";

    private static ErrorRecord NotFileSystem(string path) =>
        FtpLiteErrors.Create(FtpLiteErrors.NotFileSystemPath, ErrorCategory.InvalidArgument, $"'{path}' is not a file-system path.", path);
}
