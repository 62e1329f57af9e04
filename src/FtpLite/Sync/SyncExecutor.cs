using FtpLite.Client;

namespace FtpLite.Sync;

/// <summary>
/// Carries out one planned action on a connection. Transfers go through the client's own file transfers, so a
/// sync keeps their promises: nothing partial under a real name, -Resume and -Verify as in Send and Receive.
/// </summary>
public static class SyncExecutor
{
    /// <summary>
    /// Transfers one file; a target of the other kind (a folder where the source has a file) is deleted first.
    /// Uploads give the remote file the local time where the server can set it; downloads take the listed time.
    /// </summary>
    public static async Task<FtpTransferResult> TransferFileAsync(FtpClient client, SyncRoots roots, SyncAction action, FtpTransferOptions options,
        IProgress<FtpTransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(options);
        var local = roots.LocalPathOf(action.RelativePath);
        var remote = roots.RemotePathOf(action.RelativePath);
        var existing = action.ReplacesTarget ? null : action.Target;
        if (action.ReplacesTarget)
        {
            await RemoveTargetAsync(client, roots, action.RelativePath, cancellationToken).ConfigureAwait(false);
        }

        // The sync reports its own result per file: the server's description of an upload (MLST) would go unread.
        options = options with { Overwrite = true, DescribeUploaded = false };
        if (roots.Direction == SyncDirection.Upload)
        {
            // What the listing said stands there saves asking again; a target described by no listing item is
            // asked about by the client itself.
            var (_, uploaded) = existing is null || existing.RemoteItem is not null
                ? await client.UploadFileToAsync(local, remote, existing?.RemoteItem, options with { PreserveTime = true }, progress, cancellationToken).ConfigureAwait(false)
                : await client.UploadFileAsync(local, remote, options with { PreserveTime = true }, progress, cancellationToken).ConfigureAwait(false);
            return uploaded;
        }

        var listed = action.Source?.RemoteItem ?? throw new InvalidOperationException("A download needs the listed remote item.");
        var (_, downloaded) = await client.DownloadFileAsync(listed, local, options, progress, cancellationToken).ConfigureAwait(false);
        return downloaded;
    }

    /// <summary>Creates a folder on the target; a file of the same name is deleted first.</summary>
    public static async Task CreateFolderAsync(FtpClient client, SyncRoots roots, SyncAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(action);
        if (action.ReplacesTarget)
        {
            await RemoveTargetAsync(client, roots, action.RelativePath, cancellationToken).ConfigureAwait(false);
        }

        if (roots.Direction == SyncDirection.Upload)
        {
            await client.CreateDirectoryAsync(roots.RemotePathOf(action.RelativePath), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Directory.CreateDirectory(roots.LocalPathOf(action.RelativePath));
        }
    }

    /// <summary>Deletes a target item, a folder with everything in it.</summary>
    public static Task DeleteAsync(FtpClient client, SyncRoots roots, SyncAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        return RemoveTargetAsync(client, roots, action.RelativePath, cancellationToken);
    }

    private static async Task RemoveTargetAsync(FtpClient client, SyncRoots roots, string relativePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(roots);
        if (roots.Direction == SyncDirection.Upload)
        {
            await client.DeleteItemAsync(roots.RemotePathOf(relativePath), recursive: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        var local = roots.LocalPathOf(relativePath);
        if (Directory.Exists(local) && new DirectoryInfo(local).LinkTarget is null)
        {
            Directory.Delete(local, recursive: true);
        }
        else
        {
            File.Delete(local);
        }
    }
}
