using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Security.Cryptography;
using FtpLite.Client;
using FtpLite.PowerShell.Internal;
using FtpLite.Sync;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Makes a remote folder match a local one, or a local folder match a remote one: new and changed files are transferred, and with -Delete what exists only on the target is removed.</para>
/// </summary>
/// <remarks>
/// The comparison and the plan come from the core (FtpLite.Sync); this cmdlet lists both sides, asks
/// ShouldProcess per action, runs the transfers (in parallel with -ThrottleLimit), then the deletions, and
/// writes one object per action and a summary.
/// </remarks>
[Cmdlet(VerbsData.Sync, "FtpLiteItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(SyncResult), typeof(SyncSummary))]
public sealed class SyncFtpLiteItemCommand : FtpLiteClientCmdlet
{
    /// <summary>The local folder; wildcards allowed, but they must name exactly one folder.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The local folder, taken exactly as written (Get-Item output binds here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>The remote folder (absolute, or relative to the session's working directory).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    [ValidateNotNullOrEmpty]
    public string RemotePath { get; set; } = string.Empty;

    /// <summary>Upload: make the remote folder match the local one. Download: make the local folder match the remote one.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public SyncDirection Direction { get; set; }

    /// <summary>Delete what exists only on the target (after the transfers). Without it nothing is ever deleted.</summary>
    [Parameter]
    public SwitchParameter Delete { get; set; }

    /// <summary>Only files whose name (or relative path, for a pattern with '/') matches one of these take part.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Include { get; set; }

    /// <summary>Files and folders whose name (or relative path) matches one of these are neither transferred nor deleted.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Exclude { get; set; }

    /// <summary>How files present on both sides are judged the same: SizeAndTime (the default), Size, or Hash.</summary>
    [Parameter]
    public SyncComparison CompareBy { get; set; } = SyncComparison.SizeAndTime;

    /// <summary>How many files to transfer at once, each on its own connection.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>Continue transfers that stopped part way instead of starting over.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Compare hashes with the server after each transfer; a mismatch is an error.</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    /// <summary>The share of the target's files (percent) a sync may remove without asking; beyond it the sync asks, or with -Force goes ahead.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int DeleteThreshold { get; set; } = 50;

    /// <summary>Remove beyond -DeleteThreshold without asking (for scripts).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        if (ResolveLocalFolder() is not { } local)
        {
            return;
        }

        var client = session.Client;
        var roots = new SyncRoots(local, client.GetFullPath(RemotePath), Direction);
        var clock = Stopwatch.StartNew();
        var summary = new SyncSummary { Direction = Direction, LocalPath = roots.Local, RemotePath = roots.Remote };
        SyncSnapshot source = null!, target = null!;
        var options = new SyncOptions { Direction = Direction, Comparison = CompareBy, Delete = Delete.IsPresent, Filter = new SyncFilter(Include, Exclude) };
        var read = ForItem(Direction == SyncDirection.Upload ? roots.Local : roots.Remote, () =>
        {
            var localTree = LocalTreeReader.Read(roots.Local, options.Filter);
            var remoteTree = Await(RemoteTreeReader.ReadAsync(client, roots.Remote, StopToken));
            (source, target) = Direction == SyncDirection.Upload ? (localTree, remoteTree) : (remoteTree, localTree);
            if (!source.Exists)
            {
                throw Direction == SyncDirection.Upload
                    ? new ItemNotFoundException($"The local folder '{roots.Local}' does not exist; there is nothing to sync from.")
                    : new FtpItemNotFoundException(roots.Remote);
            }

            if (CompareBy == SyncComparison.Hash)
            {
                AddHashes(client, roots, source, target);
            }
        });
        if (!read)
        {
            return;
        }

        ReportIncomplete(source, "source", "nothing below it is deleted");
        ReportIncomplete(target, "target", "what it holds is not known, so it is neither compared nor deleted");
        summary.IncompleteFolders = [.. source.IncompleteFolders.Keys, .. target.IncompleteFolders.Keys];

        options = options with { TargetKeepsTimes = Direction == SyncDirection.Download || client.CanSetModificationTime };
        if (!options.TargetKeepsTimes && CompareBy == SyncComparison.SizeAndTime)
        {
            WriteWarning("The server announces no MFMT, so uploaded files may keep their upload time: a remote file of the same size that is not older than the local one counts as unchanged. Use -CompareBy Hash to compare contents.");
        }

        var plan = SyncPlanner.Plan(source, target, options);
        new SyncRun(this, client, roots, plan, summary, StopToken)
        {
            MayRemove = MayRemove(plan, roots),
            TargetExists = target.Exists,
            ThrottleLimit = ThrottleLimit,
            TransferOptions = new FtpTransferOptions { Resume = Resume.IsPresent, Verify = Verify.IsPresent },
        }.Run();
        summary.Duration = clock.Elapsed;
        WriteObject(summary);
    }

    /// <summary>The local folder; null after writing the error when it does not resolve to exactly one.</summary>
    private string? ResolveLocalFolder()
    {
        var literal = ParameterSetName == LiteralPathSet;
        // A download's target may not exist yet.
        var folder = LocalPaths.ResolveOne(SessionState, literal ? LiteralPath : Path, literal, mayNotExist: Direction == SyncDirection.Download, WriteError, out var count);
        if (count > 1)
        {
            WriteError(FtpLiteErrors.Create(FtpLiteErrors.SyncPathNotUnique, ErrorCategory.InvalidArgument,
                $"'{Path}' matches {count} items; a sync needs exactly one local folder. Name one, or use -LiteralPath.", Path));
        }

        return folder;
    }

    /// <summary>
    /// Whether the removals the plan holds may go ahead: always below -DeleteThreshold or with -Force; beyond
    /// it, only when the user agrees. -WhatIf asks nothing (it removes nothing either).
    /// </summary>
    private bool MayRemove(SyncPlan plan, SyncRoots roots)
    {
        if (plan.DeletedFileCount == 0 || Force || plan.DeleteShare * 100 <= DeleteThreshold || IsWhatIf())
        {
            return true;
        }

        var where = Direction == SyncDirection.Upload ? roots.Remote : roots.Local;
        var question = string.Create(CultureInfo.CurrentCulture,
            $"This sync would remove {plan.DeletedFileCount} of the {plan.TargetFileCount} files in '{ConsoleText.Escape(where)}' ({plan.DeleteShare:P0}), more than -DeleteThreshold {DeleteThreshold}%.");
        bool agreed;
        try
        {
            agreed = ShouldContinue(question + " Remove them?", "Sync-FtpLiteItem");
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or System.Management.Automation.Host.HostException or NotImplementedException or NullReferenceException)
        {
            // A host that cannot ask takes it as no: -NonInteractive refuses, and the console host with its input
            // at end of file (a script fed no stdin) fails inside its prompt.
            agreed = false;
        }

        if (!agreed)
        {
            WriteError(FtpLiteErrors.Create(FtpLiteErrors.SyncDeleteThresholdExceeded, ErrorCategory.LimitsExceeded,
                question + " Nothing was removed (transfers went ahead). Check that the source is the folder you meant; add -Force to remove them, or raise -DeleteThreshold.", where));
        }

        return agreed;
    }

    private bool IsWhatIf() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) ? LanguagePrimitives.IsTrue(value) : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    private void ReportIncomplete(SyncSnapshot snapshot, string side, string consequence)
    {
        foreach (var (folder, why) in snapshot.IncompleteFolders)
        {
            WriteWarning($"The {side} folder '{ConsoleText.Escape(folder.Length == 0 ? "." : folder)}' could not be listed completely ({ConsoleText.Escape(why)}): {consequence}.");
        }
    }

    /// <summary>For -CompareBy Hash: hashes of the files of equal size on both sides, the server's by HASH.</summary>
    private void AddHashes(FtpClient client, SyncRoots roots, SyncSnapshot source, SyncSnapshot target)
    {
        if (!client.SupportsHash)
        {
            throw new FtpNotSupportedException("The server has no HASH command, so -CompareBy Hash cannot compare contents. Use -CompareBy SizeAndTime or Size.");
        }

        foreach (var entry in source.Entries.ToList())
        {
            if (entry.IsDirectory || target.Find(entry.RelativePath) is not { IsDirectory: false } other || other.Length != entry.Length)
            {
                continue;
            }

            var remote = Await(client.GetHashAsync(roots.RemotePathOf(entry.RelativePath), FtpHashAlgorithm.SHA256, null, StopToken)).Hash;
            using var stream = File.OpenRead(roots.LocalPathOf(entry.RelativePath));
            var local = Convert.ToHexStringLower(SHA256.HashData(stream));
            var (sourceHash, targetHash) = Direction == SyncDirection.Upload ? (local, remote) : (remote, local);
            source.Update(entry with { Hash = sourceHash });
            target.Update(other with { Hash = targetHash });
        }
    }

    /// <summary>Writes a result object and counts it.</summary>
    internal void Report(SyncSummary summary, SyncResult result)
    {
        switch (result.Action)
        {
            case SyncActionKind.Upload or SyncActionKind.Download when result.ItemType == FtpItemType.Directory:
                summary.FoldersCreated++;
                break;
            case SyncActionKind.Upload:
                summary.Uploaded++;
                break;
            case SyncActionKind.Download:
                summary.Downloaded++;
                break;
            case SyncActionKind.Delete:
                summary.Deleted++;
                break;
            case SyncActionKind.Skip:
                summary.Skipped++;
                break;
            case SyncActionKind.Failed:
                summary.Failed++;
                WriteFailure(result.Error!, Direction == SyncDirection.Upload ? result.RemotePath : result.LocalPath);
                break;
        }

        summary.BytesTransferred += result.BytesTransferred;
        WriteObject(result);
    }
}
