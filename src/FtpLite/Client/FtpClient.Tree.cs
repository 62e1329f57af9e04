using System.Globalization;
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
        if (HasMachineListings)
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

        return await WithGateAsync("LIST", token => GetChildItemsByListAsync(fullPath, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// GetChildItemsAsync for servers without MLSD. A file answers SIZE, which settles it in two round trips
    /// (SIZE and MDTM). Otherwise LIST, which cannot tell a directory from a file (it lists a file as itself, and
    /// a missing path, on vsftpd, as nothing): two or more entries can only be a directory's, so the common case
    /// needs no more; a shorter answer is settled with CWD.
    /// </summary>
    private async Task<IReadOnlyList<FtpItem>> GetChildItemsByListAsync(string fullPath, CancellationToken token)
    {
        if (fullPath != FtpPath.Root && await GetFileBySizeAsync(fullPath, token).ConfigureAwait(false) is { } file)
        {
            return [file];
        }

        // Some servers expand wildcards in a LIST argument: a path with them is listed only once CWD has shown
        // it to be a directory.
        IReadOnlyList<FtpItem>? listing = null;
        if (fullPath.AsSpan().IndexOfAny("*?[") < 0)
        {
            try
            {
                listing = await ListCoreAsync(fullPath, token).ConfigureAwait(false);
                if (listing.Count >= 2)
                {
                    return listing;
                }
            }
            catch (FtpItemNotFoundException)
            {
                // Missing, or a server that refuses this LIST: CWD tells which.
            }
        }

        if (fullPath != FtpPath.Root && !await IsDirectoryAsync(fullPath, token).ConfigureAwait(false))
        {
            // Not a directory, and SIZE did not describe it (a server that refuses SIZE): its listing may.
            return listing is not null && ListedFile(fullPath, listing) is { } listed
                ? [listed.Item]
                : throw new FtpItemNotFoundException(fullPath);
        }

        return listing ?? await ListCoreAsync(fullPath, token).ConfigureAwait(false);
    }

    /// <summary>
    /// True while listings come from MLSD (times to the second); false when LIST lines describe items (minutes
    /// at best, a day for older files).
    /// </summary>
    public bool ListsExactTimes => HasMachineListings;

    /// <summary>How deep a recursive walk without a depth may go before it is stopped as endless.</summary>
    public const int MaxTreeDepth = 256;

    /// <summary>
    /// Lists a directory and everything below it, parents before children, each item's
    /// <see cref="FtpItem.RelativePath"/> relative to <paramref name="path"/>. A file path gives that file.
    /// </summary>
    /// <param name="path">The directory to walk.</param>
    /// <param name="maxDepth">How many levels below the directory to descend; null for all.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <exception cref="FtpLimitExceededException">More than <see cref="FtpClientOptions.MaxListingEntries"/> entries in all, or deeper than <see cref="MaxTreeDepth"/>.</exception>
    public Task<IReadOnlyList<FtpItem>> GetTreeAsync(string path, int? maxDepth = null, CancellationToken cancellationToken = default) =>
        GetTreeAsync(path, maxDepth, _options.MaxListingEntries, cancellationToken);

    /// <summary>
    /// <see cref="GetTreeAsync(string, int?, CancellationToken)"/> holding at most <paramref name="maxEntries"/>
    /// entries in all. A server that lists one directory twice (a cycle through links) has it walked once.
    /// </summary>
    public Task<IReadOnlyList<FtpItem>> GetTreeAsync(string path, int? maxDepth, int maxEntries, CancellationToken cancellationToken = default) =>
        GetTreeAsync(path, maxDepth, maxEntries, onUnlistable: null, cancellationToken);

    /// <summary>
    /// <see cref="GetTreeAsync(string, int?, int, CancellationToken)"/> that goes on past a subfolder it cannot
    /// list (refused, vanished, timed out): <paramref name="onUnlistable"/> gets its relative path and the error,
    /// and the walk continues with the others. A sync uses this to know which folders it saw only in part. The
    /// limits and the listed folder itself still fail the walk.
    /// </summary>
    public async Task<IReadOnlyList<FtpItem>> GetTreeAsync(string path, int? maxDepth, int maxEntries, Action<string, FtpException>? onUnlistable,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        var root = GetFullPath(path);
        var result = new List<FtpItem>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { root };
        var pending = new Queue<(string Directory, string Relative, int Depth)>();
        foreach (var item in await GetChildItemsAsync(root, cancellationToken).ConfigureAwait(false))
        {
            Add(item, string.Empty, 0);
        }

        while (pending.TryDequeue(out var next))
        {
            var budget = maxEntries - result.Count;
            IReadOnlyList<FtpItem> listing;
            try
            {
                listing = await WithGateAsync("LIST", token => ListSubfolderAsync(next.Directory, budget, token), cancellationToken).ConfigureAwait(false);
            }
            catch (FtpException ex) when (onUnlistable is not null && ex is not FtpLimitExceededException)
            {
                onUnlistable(next.Relative, ex);
                continue;
            }

            foreach (var item in listing)
            {
                Add(item, next.Relative, next.Depth);
            }
        }

        return result;

        void Add(FtpItem item, string relativeParent, int depth)
        {
            if (result.Count >= maxEntries)
            {
                throw LimitExceeded(FtpLimit.TreeEntries, root, maxEntries);
            }

            item.RelativePath = relativeParent.Length == 0 ? item.Name : relativeParent + "/" + item.Name;
            result.Add(item);
            if (!item.IsDirectory || (maxDepth is not null && depth >= maxDepth) || !visited.Add(item.FullName))
            {
                return;
            }

            if (maxDepth is null && depth >= MaxTreeDepth)
            {
                throw new FtpLimitExceededException(FtpLimit.TreeDepth, item.FullName, string.Create(CultureInfo.InvariantCulture,
                    $"The recursive listing went {MaxTreeDepth} levels deep at '{item.FullName}' and was stopped; the tree may be endless. Use -Depth to walk part of it."));
            }

            pending.Enqueue((item.FullName, item.RelativePath, depth + 1));
        }
    }

    /// <summary>
    /// One folder of a tree walk. vsftpd answers LIST of a folder it may not read with a success that shows the
    /// folder itself (as `ls -ld` would), or nothing: so on a server without MLSD such a listing is believed only
    /// for a folder the server lets the client enter. A refusal is an error, never an empty folder or a folder
    /// inside itself (a sync would otherwise delete the copy of what it holds). The caller holds the gate.
    /// </summary>
    private async Task<IReadOnlyList<FtpItem>> ListSubfolderAsync(string directory, int budget, CancellationToken token)
    {
        var items = await ListCoreAsync(directory, budget, FtpLimit.TreeEntries, token).ConfigureAwait(false);
        var suspect = items.Count == 0 || (items is [{ IsDirectory: true } only] && only.Name == FtpPath.GetName(directory));
        if (suspect && !HasMachineListings && !await IsDirectoryAsync(directory, token).ConfigureAwait(false))
        {
            throw new FtpItemNotFoundException(directory, "the server would not enter it and listed nothing inside it, so it cannot be read");
        }

        return items;
    }

    /// <summary>Creates a directory and any missing parents (mkdir -p); nothing happens for one that exists.</summary>
    /// <exception cref="FtpItemTypeException">A file stands where a directory is needed.</exception>
    public async Task EnsureDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(path);
        var existing = await GetItemAsync(fullPath, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (!existing.IsDirectory)
            {
                throw new FtpItemTypeException(fullPath, "is a file, not a directory");
            }

            return;
        }

        var parent = FtpPath.GetParent(fullPath);
        if (parent != fullPath)
        {
            await EnsureDirectoryAsync(parent, cancellationToken).ConfigureAwait(false);
        }

        await CreateDirectoryAsync(fullPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a file, or a directory (with everything in it when <paramref name="recursive"/>).</summary>
    /// <exception cref="FtpItemNotFoundException">Nothing is at the path.</exception>
    public async Task DeleteItemAsync(string path, bool recursive, CancellationToken cancellationToken = default)
    {
        var item = await GetItemToDeleteAsync(path, recursive, cancellationToken).ConfigureAwait(false);
        await DeleteCheckedAsync(item, recursive, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What <see cref="DeleteItemAsync"/> would delete, or the error it would refuse with (nothing there, the
    /// root, a directory with entries without <paramref name="recursive"/>), without deleting anything: so that
    /// -WhatIf promises only what the real run does.
    /// </summary>
    public async Task<FtpItem> GetItemToDeleteAsync(string path, bool recursive, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(path);
        var item = await GetItemAsync(fullPath, cancellationToken).ConfigureAwait(false) ?? throw new FtpItemNotFoundException(fullPath);
        if (!item.IsDirectory)
        {
            return item;
        }

        if (fullPath == FtpPath.Root)
        {
            throw new FtpItemTypeException(fullPath, "is the root directory and cannot be deleted");
        }

        if (!recursive && (await ListDirectoryAsync(fullPath, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new FtpDirectoryNotEmptyException(fullPath);
        }

        return item;
    }

    /// <summary>Deletes an item <see cref="GetItemToDeleteAsync"/> allowed: a directory was found empty unless <paramref name="recursive"/>.</summary>
    private async Task DeleteCheckedAsync(FtpItem item, bool recursive, CancellationToken cancellationToken)
    {
        if (!item.IsDirectory)
        {
            await DeleteFileAsync(item.FullName, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (recursive)
        {
            foreach (var child in await ListDirectoryAsync(item.FullName, cancellationToken).ConfigureAwait(false))
            {
                await DeleteItemAsync(child.FullName, recursive: true, cancellationToken).ConfigureAwait(false);
            }
        }

        await DeleteDirectoryAsync(item.FullName, cancellationToken).ConfigureAwait(false);
    }
}
