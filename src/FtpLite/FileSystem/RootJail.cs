namespace FtpLite.FileSystem;

/// <summary>
/// Maps remote paths to physical paths under a root and refuses any that would leave it: bad segments,
/// and symbolic links (anywhere along the path) whose real target lies outside the root.
/// </summary>
internal sealed class RootJail
{
    private const int MaxLinkDepth = 40;
    private static readonly char[] InvalidNameChars = Path.GetInvalidFileNameChars();
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public RootJail(string root)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The root folder '{full}' does not exist.");
        }

        Root = Path.TrimEndingDirectorySeparator(RealPath(full, 0));
        _rootWithSeparator = Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar;
    }

    private readonly string _rootWithSeparator;

    /// <summary>The real (link-free) physical root.</summary>
    public string Root { get; }

    /// <summary>
    /// The physical path for a remote path. Throws <see cref="FtpFileSystemException"/> with InvalidName for
    /// a segment that is not a plain name, and AccessDenied when links lead outside the root.
    /// </summary>
    public string Map(string remotePath)
    {
        if (remotePath.Length == 0 || remotePath[0] != '/')
        {
            throw new FtpFileSystemException(FtpFileSystemError.InvalidName, remotePath);
        }

        var current = Root;
        foreach (var segment in remotePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IsPlainName(segment))
            {
                throw new FtpFileSystemException(FtpFileSystemError.InvalidName, remotePath);
            }

            try
            {
                current = Step(current, segment, 0) ?? throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, remotePath);
            }
            catch (IOException ex)
            {
                // A link loop or a link we cannot read: refuse rather than guess.
                throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, remotePath, ex);
            }
        }

        return current;
    }

    /// <summary>True when a physical path (already link-free) is the root or below it.</summary>
    public bool Contains(string realPath) =>
        realPath.Equals(Root, PathComparison) || realPath.StartsWith(_rootWithSeparator, PathComparison);

    /// <summary>
    /// True when a directory entry may be shown and used: a plain name, and for a link a target inside the root.
    /// </summary>
    public bool IsServable(string directory, string name)
    {
        try
        {
            return IsPlainName(name) && Step(directory, name, 0) is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A name the server can address: no separators, control characters or dot names.</summary>
    public static bool IsPlainName(string name)
    {
        if (name.Length == 0 || name == "." || name == ".." || name.IndexOfAny(InvalidNameChars) >= 0 || name.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return !IO.StagedFile.IsTemporaryName(name);
    }

    /// <summary>
    /// Joins one segment onto a real directory, following a link there. Null when the result leaves the root.
    /// </summary>
    private string? Step(string directory, string segment, int depth)
    {
        var next = Path.Join(directory, segment);
        var target = new FileInfo(next).LinkTarget;
        if (target is null)
        {
            return Contains(next) ? next : null;
        }

        if (depth >= MaxLinkDepth)
        {
            return null;
        }

        var resolved = RealPath(Path.GetFullPath(target, directory), depth + 1);
        return Contains(resolved) ? resolved : null;
    }

    /// <summary>Resolves every link along an absolute path; a missing tail is kept as written.</summary>
    private static string RealPath(string absolutePath, int depth)
    {
        var root = Path.GetPathRoot(absolutePath) ?? string.Empty;
        var current = root;
        foreach (var segment in absolutePath[root.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Join(current, segment);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (depth >= MaxLinkDepth)
            {
                throw new IOException($"Too many levels of symbolic links at '{next}'.");
            }

            current = RealPath(Path.GetFullPath(target, current), depth + 1);
        }

        return current;
    }
}
