using FtpLite.Client;

namespace FtpLite.Sync;

/// <summary>
/// Snapshots a remote folder for a sync with one listing per folder (MLSD, or LIST where the server has no
/// MLSD). A subfolder that cannot be listed is recorded as incomplete, so nothing below it is deleted.
/// </summary>
public static class RemoteTreeReader
{
    /// <summary>The snapshot of <paramref name="root"/>; a missing folder gives an empty one with Exists false.</summary>
    /// <exception cref="FtpItemTypeException">The path names a file.</exception>
    /// <exception cref="FtpException">The folder itself cannot be listed, or a listing limit was passed.</exception>
    public static async Task<SyncSnapshot> ReadAsync(FtpClient client, string root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var fullRoot = client.GetFullPath(root);
        var incomplete = new List<(string Folder, string Why)>();
        IReadOnlyList<FtpItem> items;
        try
        {
            items = await client.GetTreeAsync(fullRoot, null, client.Options.MaxListingEntries,
                (folder, error) => incomplete.Add((folder, error.Message)), cancellationToken).ConfigureAwait(false);
        }
        catch (FtpItemNotFoundException)
        {
            return new SyncSnapshot(exists: false);
        }

        if (items is [{ IsDirectory: false } only] && only.FullName == fullRoot)
        {
            throw new FtpItemTypeException(fullRoot, "is a file; a sync needs a folder on each side");
        }

        // Read after the walk: a server that refused MLSD part way has been listed with LIST since.
        var exact = client.ListsExactTimes;
        var snapshot = new SyncSnapshot();
        foreach (var item in items)
        {
            snapshot.Add(new SyncEntry(item.RelativePath, item.IsDirectory, item.IsDirectory ? 0 : item.Length, item.LastWriteTimeUtc, PrecisionOf(item, exact))
            {
                RemoteItem = item,
            });
        }

        foreach (var (folder, why) in incomplete)
        {
            snapshot.MarkIncomplete(folder, why);
        }

        return snapshot;
    }

    /// <summary>
    /// How exact a listed time is: MLSD gives seconds; a LIST line minutes, or only the day for a file older
    /// than about six months (shown with its year, and read as midnight).
    /// </summary>
    private static TimeSpan PrecisionOf(FtpItem item, bool exact) =>
        exact ? TimeSpan.FromSeconds(1)
        : item.LastWriteTimeUtc is { TimeOfDay.Ticks: 0 } ? TimeSpan.FromDays(1)
        : TimeSpan.FromMinutes(1);
}
