using System.Management.Automation;
using FtpLite.Client;
using FtpLite.PowerShell.Cmdlets;
using FtpLite.Sync;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Carries out a sync plan for Sync-FtpLiteItem on the pipeline thread: the target folder, then folders,
/// then files (on -ThrottleLimit connections), then deletions; each action behind ShouldProcess, each result
/// written as it finishes. A failed action is reported and the others go on.
/// </summary>
internal sealed class SyncRun(SyncFtpLiteItemCommand cmdlet, FtpClient client, SyncRoots roots, SyncPlan plan, SyncSummary summary, CancellationToken stop)
{
    private readonly BatchProgress _batch = new($"Syncing {roots.Local} {(roots.Direction == SyncDirection.Upload ? "->" : "<-")} {roots.Remote}",
        cmdlet.WriteProgress, record => cmdlet.Post(() => cmdlet.WriteProgress(record)))
    {
        Total = plan.Files.Count,
        TotalBytes = plan.BytesToTransfer,
    };

    private bool _warnedTimes;

    /// <summary>Whether removals (deletions, and folders or files replaced by the other kind) may go ahead.</summary>
    public bool MayRemove { get; init; } = true;

    /// <summary>Whether the target folder exists; when not, it is created first.</summary>
    public bool TargetExists { get; init; } = true;

    /// <summary>How many files move at once.</summary>
    public int ThrottleLimit { get; init; } = 1;

    /// <summary>-Resume and -Verify.</summary>
    public FtpTransferOptions TransferOptions { get; init; } = FtpTransferOptions.Default;

    public void Run()
    {
        foreach (var skip in plan.Skips)
        {
            cmdlet.Report(summary, Result(skip, SyncActionKind.Skip, skip.SkipReason.ToString()));
        }

        if (!TargetExists && !CreateTargetFolder())
        {
            return;
        }

        foreach (var folder in plan.Folders)
        {
            if (Allowed(folder))
            {
                Do(folder, () => cmdlet.Await(SyncExecutor.CreateFolderAsync(client, roots, folder, stop)));
            }
        }

        TransferFiles();
        foreach (var deletion in plan.Deletions)
        {
            if (Allowed(deletion))
            {
                Do(deletion, () => cmdlet.Await(SyncExecutor.DeleteAsync(client, roots, deletion, stop)));
            }
        }

        _batch.Complete();
    }

    private void TransferFiles()
    {
        var parallel = new ParallelTransfers(client, ThrottleLimit, stop);
        try
        {
            foreach (var file in plan.Files)
            {
                if (!Allowed(file))
                {
                    continue;
                }

                var progress = ThrottleLimit == 1 ? _batch.StartFile($"{file.Kind} {file.RelativePath}") : null;
                parallel.Start(async (connection, token) =>
                {
                    try
                    {
                        var result = await SyncExecutor.TransferFileAsync(connection, roots, file, TransferOptions, progress, token).ConfigureAwait(false);
                        return (Action: file, Result: (FtpTransferResult?)result, Error: (Exception?)null);
                    }
                    catch (Exception ex) when (FtpLiteErrors.IsItemFailure(ex))
                    {
                        return (Action: file, Result: null, Error: ex);
                    }
                }, file.RelativePath, done => Finished(done.Action, done.Result, done.Error, progress));
                cmdlet.Drain(parallel, all: false);
            }

            cmdlet.Drain(parallel, all: true);
        }
        finally
        {
            parallel.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
    }

    private void Finished(SyncAction action, FtpTransferResult? result, Exception? error, TransferProgressReporter? progress)
    {
        if (result is not { } done)
        {
            if (progress is not null)
            {
                _batch.FileFailed(progress);
            }

            cmdlet.Report(summary, Result(action, SyncActionKind.Failed, error!.Message) with { Error = error });
            return;
        }

        if (done.TimeNotPreservedBecause is { } why && !_warnedTimes)
        {
            _warnedTimes = true;
            cmdlet.WriteWarning($"Uploaded files keep the server's time, not the local one: {ConsoleText.Escape(why)}. The next sync compares them by size and by the remote file not being older.");
        }

        _batch.FileDone(done.BytesTransferred, progress);
        cmdlet.Report(summary, Result(action, action.Kind, action.Why) with { BytesTransferred = done.BytesTransferred });
    }

    /// <summary>ShouldProcess for an action; an action that removes something beyond the threshold is skipped instead.</summary>
    private bool Allowed(SyncAction action)
    {
        if (action.RemovesFromTarget && !MayRemove)
        {
            cmdlet.Report(summary, Result(action, SyncActionKind.Skip, nameof(SyncSkipReason.DeleteThresholdExceeded)) with { SkipReason = SyncSkipReason.DeleteThresholdExceeded });
            return false;
        }

        var what = action.ReplacesTarget ? $"{action.Kind} ({action.Why}: the target's {(action.IsDirectory ? "file" : "folder")} is deleted first)"
            : action.Kind == SyncActionKind.Delete && action.IsDirectory ? "Delete (a folder, with everything in it)"
            : $"{action.Kind} ({action.Why})";
        return cmdlet.ShouldProcess(ConsoleText.Escape(roots.TargetPathOf(action.RelativePath)), what);
    }

    /// <summary>Runs a folder action or a deletion on the pipeline thread, reporting its result.</summary>
    private void Do(SyncAction action, Action work)
    {
        try
        {
            work();
            cmdlet.Report(summary, Result(action, action.Kind, action.Why));
        }
        catch (Exception ex) when (FtpLiteErrors.IsItemFailure(ex))
        {
            cmdlet.Report(summary, Result(action, SyncActionKind.Failed, ex.Message) with { Error = ex });
        }
    }

    private bool CreateTargetFolder()
    {
        var target = roots.TargetPathOf(string.Empty);
        if (!cmdlet.ShouldProcess(ConsoleText.Escape(target), "Create the target folder"))
        {
            return false;
        }

        if (roots.Direction == SyncDirection.Upload)
        {
            cmdlet.Await(client.EnsureDirectoryAsync(target, stop));
        }
        else
        {
            Directory.CreateDirectory(target);
        }

        return true;
    }

    private SyncResult Result(SyncAction action, SyncActionKind kind, string? reason)
    {
        string local;
        try
        {
            local = roots.LocalPathOf(action.RelativePath);
        }
        catch (FtpException)
        {
            // A remote name no local file can have: the result still says where it was.
            local = System.IO.Path.Combine(roots.Local, action.RelativePath);
        }

        return new SyncResult
        {
            Action = kind,
            ItemType = action.IsDirectory ? FtpItemType.Directory : FtpItemType.File,
            RelativePath = action.RelativePath,
            LocalPath = local,
            RemotePath = roots.RemotePathOf(action.RelativePath),
            Length = action.Length,
            Reason = reason,
            SkipReason = action.SkipReason,
        };
    }
}
