using System.Runtime.CompilerServices;
using FtpLite.FileSystem;
using FtpLite.Protocol;

namespace FtpLite.Server.Accounts;

/// <summary>
/// A user's home with other folders mounted at virtual paths ("/shared" → another folder). Each path goes to
/// exactly one inner file system, under its own root jail, so a mount is no way out of either folder. A mount
/// point shows as a folder in its parent's listing, over any real entry of that name; it cannot be removed or
/// renamed, and nothing moves between mounts (a rename there is refused, as a cross-device rename is).
/// </summary>
internal sealed class MountFileSystem : IFtpFileSystem, IFtpZeroCopyFileSystem
{
    private readonly IFtpFileSystem _home;
    private readonly KeyValuePair<string, IFtpFileSystem>[] _mounts;

    public MountFileSystem(IFtpFileSystem home, IEnumerable<KeyValuePair<string, IFtpFileSystem>> mounts)
    {
        _home = home;
        _mounts = [.. mounts.OrderByDescending(mount => mount.Key.Length)];
    }

    public async ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken)
    {
        if (IsMountOrAbove(path))
        {
            return new FtpFileSystemEntry(FtpPath.GetName(path), true, 0, DateTime.UnixEpoch);
        }

        var (fileSystem, inner) = Route(path);
        return await fileSystem.GetEntryAsync(inner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The inner folder's entries as they stream, those a mount hides skipped, then the mount points.</summary>
    public async IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A mount point, or the first folder on the way to a deeper one ("/pub" for "/pub/shared").
        var prefix = directory == FtpPath.Root ? FtpPath.Root : directory + "/";
        var shown = _mounts.Where(mount => mount.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(mount => mount.Key[prefix.Length..].Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        var (fileSystem, inner) = Route(directory);
        var reader = fileSystem.ListAsync(inner, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (reader.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await reader.MoveNextAsync().ConfigureAwait(false);
                }
                catch (FtpFileSystemException ex) when (ex.Error == FtpFileSystemError.NotFound && IsMountOrAbove(directory))
                {
                    // A folder that exists only because a mount lies below it.
                    more = false;
                }

                if (!more)
                {
                    break;
                }

                if (!shown.Contains(reader.Current.Name))
                {
                    yield return reader.Current;
                }
            }
        }

        foreach (var name in shown)
        {
            yield return new FtpFileSystemEntry(name, true, 0, DateTime.UnixEpoch);
        }
    }

    public ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken)
    {
        var (fileSystem, inner) = Route(path);
        return fileSystem.OpenReadAsync(inner, offset, cancellationToken);
    }

    public ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken)
    {
        var (fileSystem, inner) = RouteBelowMount(path);
        return fileSystem.BeginUploadAsync(inner, offset, append, cancellationToken);
    }

    public ValueTask DeleteFileAsync(string path, CancellationToken cancellationToken)
    {
        var (fileSystem, inner) = RouteBelowMount(path);
        return fileSystem.DeleteFileAsync(inner, cancellationToken);
    }

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        if (IsMountOrAbove(path))
        {
            throw new FtpFileSystemException(FtpFileSystemError.AlreadyExists, path);
        }

        var (fileSystem, inner) = Route(path);
        return fileSystem.CreateDirectoryAsync(inner, cancellationToken);
    }

    public ValueTask DeleteDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        var (fileSystem, inner) = RouteBelowMount(path);
        return fileSystem.DeleteDirectoryAsync(inner, cancellationToken);
    }

    public ValueTask RenameAsync(string path, string newPath, CancellationToken cancellationToken)
    {
        var (from, innerFrom) = RouteBelowMount(path);
        var (to, innerTo) = RouteBelowMount(newPath);
        if (!ReferenceEquals(from, to))
        {
            throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, newPath);
        }

        return from.RenameAsync(innerFrom, innerTo, cancellationToken);
    }

    public ValueTask SetLastWriteTimeAsync(string path, DateTime lastWriteTimeUtc, CancellationToken cancellationToken)
    {
        var (fileSystem, inner) = RouteBelowMount(path);
        return fileSystem.SetLastWriteTimeAsync(inner, lastWriteTimeUtc, cancellationToken);
    }

    /// <summary>Any inner disk file system can tell: the stream is the file or it is not.</summary>
    public FileStream? GetZeroCopySource(Stream opened) =>
        _mounts.Select(mount => mount.Value).Prepend(_home).OfType<IFtpZeroCopyFileSystem>().FirstOrDefault()?.GetZeroCopySource(opened);

    /// <summary>The file system a virtual path lies in, and the path within it.</summary>
    private (IFtpFileSystem FileSystem, string Path) Route(string path)
    {
        foreach (var (mountPath, fileSystem) in _mounts)
        {
            if (path == mountPath)
            {
                return (fileSystem, FtpPath.Root);
            }

            if (path.StartsWith(mountPath + "/", StringComparison.Ordinal))
            {
                return (fileSystem, path[mountPath.Length..]);
            }
        }

        return (_home, path);
    }

    /// <summary>Like <see cref="Route"/>, for changes: a mount point and the folders leading to it stay as they are.</summary>
    private (IFtpFileSystem FileSystem, string Path) RouteBelowMount(string path) =>
        IsMountOrAbove(path) ? throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, path) : Route(path);

    /// <summary>True for a mount point and for the folders on the way to one.</summary>
    private bool IsMountOrAbove(string path) =>
        path != FtpPath.Root && _mounts.Any(mount => mount.Key == path || mount.Key.StartsWith(path + "/", StringComparison.Ordinal));
}
