namespace FtpLite.Sync;

/// <summary>
/// What a sync will do, in the order it does it: folders (parents first), then files, then deletions; and
/// what it leaves alone.
/// </summary>
public sealed class SyncPlan
{
    internal SyncPlan(List<SyncAction> folders, List<SyncAction> files, List<SyncAction> deletions, List<SyncAction> skips, int targetFileCount)
    {
        Folders = folders;
        Files = files;
        Deletions = deletions;
        Skips = skips;
        TargetFileCount = targetFileCount;
        DeletedFileCount = folders.Concat(files).Concat(deletions).Sum(action => action.DeletedFileCount);
        BytesToTransfer = files.Sum(action => action.Length);
    }

    /// <summary>Folders to create on the target (replacing a file of the same name where it says so).</summary>
    public IReadOnlyList<SyncAction> Folders { get; }

    /// <summary>Files to transfer.</summary>
    public IReadOnlyList<SyncAction> Files { get; }

    /// <summary>Items only on the target to delete; each folder here goes with everything in it.</summary>
    public IReadOnlyList<SyncAction> Deletions { get; }

    /// <summary>Items left alone, each with its reason.</summary>
    public IReadOnlyList<SyncAction> Skips { get; }

    /// <summary>How many files the target holds now.</summary>
    public int TargetFileCount { get; }

    /// <summary>How many of them the plan removes (deletions and replaced folders).</summary>
    public int DeletedFileCount { get; }

    /// <summary>The share of the target's files the plan removes, 0 to 1.</summary>
    public double DeleteShare => TargetFileCount == 0 ? 0 : (double)DeletedFileCount / TargetFileCount;

    /// <summary>The bytes the file transfers move in all.</summary>
    public long BytesToTransfer { get; }

    /// <summary>Every action, in the order a sync performs them, skips last.</summary>
    public IEnumerable<SyncAction> All => Folders.Concat(Files).Concat(Deletions).Concat(Skips);
}
