using FtpLite.Protocol;

namespace FtpLite.Client;

public sealed partial class FtpClient
{
    /// <summary>
    /// What Get-ChildItem does: the entries of a directory, or the item itself when the path names a file.
    /// A path that names nothing is an error, never an empty result.
    /// </summary>
    /// <exception cref="FtpItemNotFoundException">Nothing is at the path.</exception>
    public async Task<IReadOnlyList<FtpItem>> GetChildItemsAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(path);
        if (_features.Contains("MLST"))
        {
            try
            {
                return await ListDirectoryAsync(fullPath, cancellationToken).ConfigureAwait(false);
            }
            catch (FtpItemNotFoundException)
            {
                // MLSD refuses files; MLST tells whether it is one.
                var file = await GetItemAsync(fullPath, cancellationToken).ConfigureAwait(false);
                if (file is { IsDirectory: false })
                {
                    return [file];
                }

                throw;
            }
        }

        // LIST answers a missing path with an empty listing on some servers (vsftpd): look first.
        var item = await GetItemAsync(fullPath, cancellationToken).ConfigureAwait(false) ?? throw new FtpItemNotFoundException(fullPath);
        return item.IsDirectory ? await ListDirectoryAsync(fullPath, cancellationToken).ConfigureAwait(false) : [item];
    }

    /// <summary>Deletes a file, or a directory (with everything in it when <paramref name="recursive"/>).</summary>
    /// <exception cref="FtpItemNotFoundException">Nothing is at the path.</exception>
    public async Task DeleteItemAsync(string path, bool recursive, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(path);
        var item = await GetItemAsync(fullPath, cancellationToken).ConfigureAwait(false) ?? throw new FtpItemNotFoundException(fullPath);
        if (!item.IsDirectory)
        {
            await DeleteFileAsync(fullPath, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (fullPath == FtpPath.Root)
        {
            throw new FtpItemTypeException(fullPath, "is the root directory and cannot be deleted");
        }

        if (recursive)
        {
            foreach (var child in await ListDirectoryAsync(fullPath, cancellationToken).ConfigureAwait(false))
            {
                await DeleteItemAsync(child.FullName, recursive: true, cancellationToken).ConfigureAwait(false);
            }
        }

        await DeleteDirectoryAsync(fullPath, cancellationToken).ConfigureAwait(false);
    }
}
