using System.Globalization;
using FtpLite.Protocol;

namespace FtpLite.Client;

public sealed partial class FtpClient
{
    /// <summary>Lists a remote directory (MLSD where the server has it, LIST otherwise), without "." and "..".</summary>
    /// <exception cref="FtpItemNotFoundException">The directory does not exist.</exception>
    public Task<IReadOnlyList<FtpItem>> ListDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        var directory = GetFullPath(path);
        return WithGateAsync("LIST", async token =>
        {
            var items = await ListCoreAsync(directory, _options.MaxListingEntries, FtpLimit.ListingEntries, token).ConfigureAwait(false);

            // Some servers (vsftpd) answer LIST of a missing path with an empty success: an empty listing only
            // means an empty directory once the directory is known to be there.
            if (items.Count == 0 && !HasMachineListings && await GetItemCoreAsync(directory, token).ConfigureAwait(false) is null)
            {
                throw new FtpItemNotFoundException(directory);
            }

            return items;
        }, cancellationToken);
    }

    /// <summary>
    /// True when the server announced MLST (and so MLSD) in FEAT and has not refused them since: some announce
    /// them and answer 500 or 502, and then LIST, SIZE and MDTM do the work.
    /// </summary>
    private bool HasMachineListings => _features.Contains("MLST") && !_machineListingsRefused;

    /// <summary>MLSD or LIST of a path, each line parsed as it arrives. The caller holds the gate.</summary>
    private Task<IReadOnlyList<FtpItem>> ListCoreAsync(string directory, CancellationToken token) =>
        ListCoreAsync(directory, _options.MaxListingEntries, FtpLimit.ListingEntries, token);

    /// <summary>
    /// MLSD or LIST of a path; more than <paramref name="limit"/> entries is an <see cref="FtpLimitExceededException"/>
    /// of kind <paramref name="kind"/>, raised as the entry beyond arrives (the rest is never read).
    /// </summary>
    private async Task<IReadOnlyList<FtpItem>> ListCoreAsync(string directory, int limit, FtpLimit kind, CancellationToken token)
    {
        var useMlsd = HasMachineListings;
        var items = new List<FtpItem>();
        var now = DateTime.UtcNow;
        LineBytesHandler onLine = useMlsd
            ? line => Add(FtpListingParser.ParseMlsdLine(directory, line))
            : line => Add(FtpListingParser.ParseListLine(directory, line, now));
        try
        {
            await ReceiveLinesAsync((useMlsd ? "MLSD " : "LIST ") + directory, onLine, token).ConfigureAwait(false);
        }
        catch (FtpCommandException ex) when (ex.ReplyCode is 550 or 450 or 501)
        {
            throw new FtpItemNotFoundException(directory, ex.ReplyText);
        }
        catch (FtpCommandException ex) when (useMlsd && ex.ReplyCode is 500 or 502)
        {
            _machineListingsRefused = true;
            return await ListCoreAsync(directory, token).ConfigureAwait(false);
        }

        return items;

        void Add(FtpItem? item)
        {
            if (item is not null)
            {
                if (items.Count >= limit)
                {
                    throw LimitExceeded(kind, directory, limit);
                }

                items.Add(item);
            }
        }
    }

    private static FtpLimitExceededException LimitExceeded(FtpLimit kind, string directory, int limit) => kind switch
    {
        FtpLimit.TreeEntries => new(kind, directory, string.Create(CultureInfo.InvariantCulture,
            $"The recursive listing reached {limit} entries at '{directory}' and was stopped; the tree may be endless. Raise -MaxEntries if it is real.")),
        _ => new(kind, directory, string.Create(CultureInfo.InvariantCulture,
            $"The listing of '{directory}' has more than {limit} entries and was stopped. Raise -MaxEntries if it is real.")),
    };

    /// <summary>
    /// Describes one remote file or directory: MLST where the server has it, otherwise SIZE/MDTM for a file
    /// and a CWD probe for a directory. Null when nothing is there.
    /// </summary>
    public Task<FtpItem?> GetItemAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(path);
        return WithGateAsync("MLST", token => GetItemCoreAsync(fullPath, token), cancellationToken);
    }

    /// <summary>Changes the remote working directory.</summary>
    public Task ChangeDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        var target = GetFullPath(path);
        return WithGateAsync("CWD", async token =>
        {
            var reply = await CommandAsync("CWD " + target, token).ConfigureAwait(false);
            if (reply.Code is 550 or 450)
            {
                throw new FtpItemNotFoundException(target, reply.Message);
            }

            if (!reply.IsCompletion)
            {
                throw ToException("CWD", reply);
            }

            var pwd = await CommandAsync("PWD", token).ConfigureAwait(false);
            WorkingDirectory = FtpPath.Unquote(pwd.LastLine) ?? FtpPath.Unquote(pwd.Message) ?? target;
            return true;
        }, cancellationToken);
    }

    /// <summary>Deletes a remote file.</summary>
    public Task DeleteFileAsync(string path, CancellationToken cancellationToken = default) =>
        SimpleCommandAsync("DELE", GetFullPath(path), cancellationToken);

    /// <summary>Deletes an empty remote directory.</summary>
    public Task DeleteDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        SimpleCommandAsync("RMD", GetFullPath(path), cancellationToken);

    /// <summary>Creates a remote directory.</summary>
    public Task CreateDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        SimpleCommandAsync("MKD", GetFullPath(path), cancellationToken);

    /// <summary>Renames or moves a remote file or directory.</summary>
    public Task RenameAsync(string path, string newPath, CancellationToken cancellationToken = default)
    {
        var from = GetFullPath(path);
        var to = GetFullPath(newPath);
        return WithGateAsync("RNFR", async token =>
        {
            var reply = await CommandAsync("RNFR " + from, token).ConfigureAwait(false);
            if (reply.Code is 550 or 450)
            {
                throw new FtpItemNotFoundException(from, reply.Message);
            }

            if (reply.Code != 350)
            {
                throw ToException("RNFR", reply);
            }

            reply = await CommandAsync("RNTO " + to, token).ConfigureAwait(false);
            if (!reply.IsCompletion)
            {
                throw ToException("RNTO", reply);
            }

            return true;
        }, cancellationToken);
    }

    private Task SimpleCommandAsync(string verb, string fullPath, CancellationToken cancellationToken) =>
        WithGateAsync(verb, async token =>
        {
            var reply = await CommandAsync(verb + " " + fullPath, token).ConfigureAwait(false);
            if (reply.IsCompletion)
            {
                return true;
            }

            // 550 is also "permission denied": only call it missing when the item is really gone.
            if (reply.Code is 550 or 450 && verb != "MKD" && await GetItemCoreAsync(fullPath, token).ConfigureAwait(false) is null)
            {
                throw new FtpItemNotFoundException(fullPath, reply.Message);
            }

            throw ToException(verb, reply);
        }, cancellationToken);

    private async Task<FtpItem?> GetItemCoreAsync(string fullPath, CancellationToken token)
    {
        if (fullPath == FtpPath.Root)
        {
            return new FtpItem(string.Empty, FtpPath.Root, FtpItemType.Directory, 0, null);
        }

        if (HasMachineListings)
        {
            var reply = await CommandAsync("MLST " + fullPath, token).ConfigureAwait(false);
            if (reply.Code == 250 && reply.Lines.Count >= 2)
            {
                var item = FtpListingParser.ParseMlst(reply.Lines[1]);
                if (item is not null)
                {
                    item.FullName = fullPath;
                    return item;
                }
            }

            if (reply.Code is 550 or 450 or 501)
            {
                return null;
            }

            if (reply.Code is 500 or 502)
            {
                _machineListingsRefused = true;
            }
            else if (reply.IsFailure)
            {
                throw ToException("MLST", reply);
            }
        }

        return await GetFileBySizeAsync(fullPath, token).ConfigureAwait(false)
            ?? (await IsDirectoryAsync(fullPath, token).ConfigureAwait(false) ? new FtpItem(FtpPath.GetName(fullPath), fullPath, FtpItemType.Directory, 0, null) : null);
    }

    /// <summary>
    /// The file at a path from SIZE (and MDTM); null when SIZE has no answer (a directory, or nothing). A
    /// SIZE that says 213 with no number ("213 File status") says a file is there of a size it does not tell,
    /// and a server without SIZE tells nothing: the file's own listing describes it then.
    /// </summary>
    private async Task<FtpItem?> GetFileBySizeAsync(string fullPath, CancellationToken token)
    {
        await EnsureBinaryAsync(token).ConfigureAwait(false);
        var size = await CommandAsync("SIZE " + fullPath, token).ConfigureAwait(false);
        if (ReadSize(size) is not { } length)
        {
            return size.Code is 213 or 500 or 502 ? await GetFileByListAsync(fullPath, token).ConfigureAwait(false) : null;
        }

        DateTime? modified = null;
        if (_features.Contains("MDTM"))
        {
            modified = await ReadMdtmAsync(fullPath, token).ConfigureAwait(false);
        }

        return new FtpItem(FtpPath.GetName(fullPath), fullPath, FtpItemType.File, length, modified);
    }

    /// <summary>The file a LIST of its own path describes; null when that listing is not of one file of that name.</summary>
    private async Task<FtpItem?> GetFileByListAsync(string fullPath, CancellationToken token)
    {
        if (fullPath.AsSpan().IndexOfAny("*?[") >= 0)
        {
            return null; // some servers expand wildcards in a LIST argument
        }

        IReadOnlyList<FtpItem> listing;
        try
        {
            listing = await ListCoreAsync(fullPath, token).ConfigureAwait(false);
        }
        catch (FtpItemNotFoundException)
        {
            return null;
        }

        return ListedFile(fullPath, listing) is { } file && (file.Named == FileNaming.ByPath || !await IsDirectoryAsync(fullPath, token).ConfigureAwait(false))
            ? file.Item
            : null;
    }

    /// <summary>
    /// The file a listing of <paramref name="fullPath"/> shows when the path is a file: one entry, not a
    /// directory, named by the file's name or (as some servers do) by the path it was asked for
    /// ("-rw-r--r-- 1 1 1 0 Dec 02 03:07 /empty.dat"). Only the path form rules out a directory holding one
    /// file of its own name.
    /// </summary>
    private static (FtpItem Item, FileNaming Named)? ListedFile(string fullPath, IReadOnlyList<FtpItem> listing)
    {
        if (listing is not [{ IsDirectory: false } entry])
        {
            return null;
        }

        var name = FtpPath.GetName(fullPath);
        var named = entry.Name == name ? FileNaming.ByName
            : entry.Name == fullPath || entry.Name.EndsWith("/" + name, StringComparison.Ordinal) ? FileNaming.ByPath
            : (FileNaming?)null;
        return named is { } how
            ? (new FtpItem(name, fullPath, entry.ItemType, entry.Length, entry.LastWriteTimeUtc) { Permissions = entry.Permissions, LinkTarget = entry.LinkTarget }, how)
            : null;
    }

    private enum FileNaming
    {
        ByName,
        ByPath,
    }

    /// <summary>True when CWD into the path works; the working directory is restored.</summary>
    private async Task<bool> IsDirectoryAsync(string fullPath, CancellationToken token)
    {
        var cwd = await CommandAsync("CWD " + fullPath, token).ConfigureAwait(false);
        if (!cwd.IsCompletion)
        {
            return false;
        }

        await CommandAsync("CWD " + WorkingDirectory, token, expect: 250).ConfigureAwait(false);
        return true;
    }
}
