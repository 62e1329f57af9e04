using FtpLite.IO;
using FtpLite.Protocol;

namespace FtpLite.Client;

public sealed partial class FtpClient
{
    /// <summary>
    /// Downloads a remote file to a local path. The bytes go to a hidden temporary file beside the target,
    /// which replaces the target only once complete and of the size the server announced.
    /// </summary>
    /// <exception cref="FtpItemNotFoundException">The remote file does not exist.</exception>
    /// <exception cref="FtpDestinationExistsException">The local file exists and <paramref name="overwrite"/> is false.</exception>
    public async Task<FileInfo> DownloadFileAsync(string remotePath, string localPath, bool overwrite = false,
        IProgress<FtpTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(remotePath);
        var item = await GetItemAsync(fullPath, cancellationToken).ConfigureAwait(false) ?? throw new FtpItemNotFoundException(fullPath);
        if (item.IsDirectory)
        {
            throw new FtpItemTypeException(fullPath, "is a directory, not a file");
        }

        localPath = Path.GetFullPath(localPath);
        if (!overwrite && Path.Exists(localPath))
        {
            throw new FtpDestinationExistsException(localPath, isRemote: false);
        }

        await using var staged = StagedFile.Create(localPath);
        var received = await DownloadAsync(fullPath, staged.Stream, 0, item.Length, progress, cancellationToken).ConfigureAwait(false);
        if (item.ItemType == FtpItemType.File && received != item.Length)
        {
            throw new FtpException($"The download of '{fullPath}' ended after {received} of {item.Length} bytes; nothing was saved.");
        }

        try
        {
            await staged.CommitAsync(overwrite).ConfigureAwait(false);
        }
        catch (IOException) when (!overwrite && Path.Exists(localPath))
        {
            throw new FtpDestinationExistsException(localPath, isRemote: false);
        }

        if (item.LastWriteTimeUtc is { } modified)
        {
            File.SetLastWriteTimeUtc(localPath, modified);
        }

        return new FileInfo(localPath);
    }

    /// <summary>
    /// Uploads a local file. <paramref name="remotePath"/> names the remote file, or a directory to put it in
    /// (an existing one, or any path ending in '/'); null means the working directory.
    /// </summary>
    /// <exception cref="FtpDestinationExistsException">The remote file exists and <paramref name="overwrite"/> is false.</exception>
    public async Task<FtpItem> UploadFileAsync(string localPath, string? remotePath = null, bool overwrite = false,
        IProgress<FtpTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var source = new FileStream(localPath, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        var name = Path.GetFileName(localPath);
        var target = await ResolveUploadTargetAsync(remotePath, name, overwrite, cancellationToken).ConfigureAwait(false);
        var length = source.Length;
        await UploadAsync(source, target, 0, false, length, progress, cancellationToken).ConfigureAwait(false);
        return new FtpItem(FtpPath.GetName(target), target, FtpItemType.File, length, DateTime.UtcNow.AddTicks(-(DateTime.UtcNow.Ticks % TimeSpan.TicksPerSecond)));
    }

    private async Task<string> ResolveUploadTargetAsync(string? remotePath, string name, bool overwrite, CancellationToken cancellationToken)
    {
        string target;
        if (string.IsNullOrEmpty(remotePath) || remotePath.EndsWith('/'))
        {
            target = FtpPath.Combine(GetFullPath(remotePath ?? string.Empty), name);
        }
        else
        {
            target = GetFullPath(remotePath);
            var existing = await GetItemAsync(target, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                return target;
            }

            if (!existing.IsDirectory)
            {
                return overwrite ? target : throw new FtpDestinationExistsException(target, isRemote: true);
            }

            target = FtpPath.Combine(target, name);
        }

        if (!overwrite && await GetItemAsync(target, cancellationToken).ConfigureAwait(false) is { } found)
        {
            throw found.IsDirectory
                ? new FtpItemTypeException(target, "is a directory")
                : new FtpDestinationExistsException(target, isRemote: true);
        }

        return target;
    }
}
