using System.Security.Cryptography;
using System.Text;
using FtpLite.IO;
using FtpLite.Protocol;

namespace FtpLite.Client;

public sealed partial class FtpClient
{
    /// <summary>How many bytes before its resume point a resumed transfer fetches again to check the local part.</summary>
    private const int ResumeOverlap = 64 * 1024;

    /// <summary>How long the removal of a cut upload may take, reconnecting included.</summary>
    private static readonly TimeSpan CleanupWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Downloads a remote file to a local path. The bytes go to a hidden temporary file beside the target,
    /// which replaces the target only once complete, of the size the server announced and (with
    /// <see cref="FtpTransferOptions.Verify"/>) of the same hash. With <see cref="FtpTransferOptions.Resume"/> a
    /// failed download keeps its partial file (hidden, beside the target) for the next resume.
    /// </summary>
    /// <exception cref="FtpItemNotFoundException">The remote file does not exist.</exception>
    /// <exception cref="FtpDestinationExistsException">The local file exists and neither overwrite nor resume was asked for.</exception>
    /// <exception cref="FtpVerificationException">The result differs from the remote file.</exception>
    public async Task<(FileInfo File, FtpTransferResult Result)> DownloadFileAsync(string remotePath, string localPath,
        FtpTransferOptions? options = null, IProgress<FtpTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(remotePath);
        var item = await GetItemAsync(fullPath, cancellationToken).ConfigureAwait(false) ?? throw new FtpItemNotFoundException(fullPath);
        return await DownloadFileCoreAsync(item, listed: false, localPath, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads a file a listing described, without asking the server about it again (saves two round trips a
    /// file when mirroring many small ones). Should the size have changed since the listing, the server's SIZE
    /// settles whether the transfer was whole.
    /// </summary>
    public Task<(FileInfo File, FtpTransferResult Result)> DownloadFileAsync(FtpItem listed, string localPath,
        FtpTransferOptions? options = null, IProgress<FtpTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listed);
        return DownloadFileCoreAsync(listed, listed: true, localPath, options, progress, cancellationToken);
    }

    private async Task<(FileInfo File, FtpTransferResult Result)> DownloadFileCoreAsync(FtpItem item, bool listed, string localPath,
        FtpTransferOptions? options, IProgress<FtpTransferProgress>? progress, CancellationToken cancellationToken)
    {
        options ??= FtpTransferOptions.Default;
        var fullPath = item.FullName;
        if (item.IsDirectory)
        {
            throw new FtpItemTypeException(fullPath, "is a directory, not a file");
        }

        localPath = Path.GetFullPath(localPath);
        var targetExists = Path.Exists(localPath);
        if (targetExists && !options.Overwrite && !options.Resume)
        {
            throw new FtpDestinationExistsException(localPath, isRemote: false);
        }

        var result = options.Resume
            ? await DownloadResumableAsync(item, localPath, options, progress, cancellationToken).ConfigureAwait(false)
            : await DownloadStagedAsync(item, listed, localPath, options, progress, cancellationToken).ConfigureAwait(false);
        if (await RemoteTimeOfAsync(item, listed && options.PreserveTime, cancellationToken).ConfigureAwait(false) is { } modified)
        {
            File.SetLastWriteTimeUtc(localPath, modified);
        }

        return (new FileInfo(localPath), result);
    }

    /// <summary>
    /// Uploads a local file. <paramref name="remotePath"/> names the remote file, or a directory to put it in
    /// (an existing one, or any path ending in '/'); null means the working directory.
    /// </summary>
    /// <exception cref="FtpDestinationExistsException">The remote file exists and neither overwrite nor resume was asked for.</exception>
    /// <exception cref="FtpVerificationException">The remote result differs from the local file.</exception>
    public async Task<(FtpItem Item, FtpTransferResult Result)> UploadFileAsync(string localPath, string? remotePath = null,
        FtpTransferOptions? options = null, IProgress<FtpTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (target, existing) = await ResolveUploadTargetAsync(remotePath, Path.GetFileName(localPath), cancellationToken).ConfigureAwait(false);
        return await UploadFileToAsync(localPath, target, existing, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads a local file to exactly <paramref name="remoteFilePath"/>. <paramref name="existing"/> is what the
    /// caller knows stands there now (null: nothing), for instance from a listing of the folder: uploading many
    /// files into one folder then costs no round trips to look first.
    /// </summary>
    /// <exception cref="FtpDestinationExistsException">A file exists and neither overwrite nor resume was asked for.</exception>
    /// <exception cref="FtpVerificationException">The remote result differs from the local file (it is deleted).</exception>
    public async Task<(FtpItem Item, FtpTransferResult Result)> UploadFileToAsync(string localPath, string remoteFilePath, FtpItem? existing,
        FtpTransferOptions? options = null, IProgress<FtpTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= FtpTransferOptions.Default;
        var target = GetFullPath(remoteFilePath);
        await using var source = OpenLocalForRead(localPath);
        var length = source.Length;
        if (existing is { IsDirectory: true })
        {
            throw new FtpItemTypeException(target, "is a directory");
        }

        long offset = 0;
        if (existing is not null)
        {
            if (options.Resume && await CanResumeUploadAsync(existing, source, length, cancellationToken).ConfigureAwait(false))
            {
                offset = existing.Length;
            }
            else if (!options.Overwrite)
            {
                throw new FtpDestinationExistsException(target, isRemote: true);
            }
        }

        long sent = 0;
        if (offset < length || existing is null || offset == 0)
        {
            source.Seek(offset, SeekOrigin.Begin);
            var started = false;
            try
            {
                sent = await UploadCoreAsync(source, target, offset, append: false, length, progress, () => started = true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (started && !options.Resume && ex is OperationCanceledException or FtpException)
            {
                // Many servers keep a cut upload's bytes under the real name: no partial file is promised, so the
                // client removes what it sent. (With Resume the part stays, for the next run to continue.)
                await DeleteCutUploadAsync(target, existing).ConfigureAwait(false);
                throw;
            }
        }

        var verification = FtpVerificationMethod.None;
        if (options.Verify || offset > 0)
        {
            // A resumed upload is always checked: two halves from different moments must make one file.
            try
            {
                verification = await VerifyAsync(target, localPath, cancellationToken).ConfigureAwait(false);
            }
            catch (FtpVerificationException)
            {
                // What the server holds is not the local file: it must not stay under the real name. Should the
                // server refuse the delete, the mismatch is still the error to report.
                try
                {
                    await DeleteFileAsync(target, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is FtpCommandException or FtpItemNotFoundException)
                {
                }

                throw;
            }
        }

        DateTime? preserved = null;
        string? timeNotPreserved = null;
        if (options.PreserveTime)
        {
            var localTime = File.GetLastWriteTimeUtc(localPath);
            timeNotPreserved = await SetUploadedTimeAsync(target, localTime, cancellationToken).ConfigureAwait(false);
            preserved = timeNotPreserved is null ? TruncateToSeconds(localTime) : null;
        }

        // With MLST the server's own description (its clock, its permissions) costs one round trip.
        var item = (HasMachineListings && options.DescribeUploaded ? await GetItemAsync(target, cancellationToken).ConfigureAwait(false) : null)
            ?? new FtpItem(FtpPath.GetName(target), target, FtpItemType.File, length, preserved ?? TruncateToSeconds(DateTime.UtcNow));
        return (item, new FtpTransferResult(sent, offset, verification) { TimeNotPreservedBecause = timeNotPreserved });
    }

    /// <summary>
    /// The time a downloaded file gets. A LIST line tells minutes at best (a date only, for older files); with
    /// <paramref name="exact"/> the server's MDTM gives the second, where the listing was not MLSD.
    /// </summary>
    private async Task<DateTime?> RemoteTimeOfAsync(FtpItem item, bool exact, CancellationToken cancellationToken)
    {
        if (exact && !HasMachineListings && _features.Contains("MDTM"))
        {
            if (await WithGateAsync("MDTM", token => ReadMdtmAsync(item.FullName, token), cancellationToken).ConfigureAwait(false) is { } toTheSecond)
            {
                return toTheSecond;
            }
        }

        return item.LastWriteTimeUtc;
    }

    /// <summary>
    /// Sets an uploaded file's time; why not, when it could not be. The bytes are already safe on the server, so
    /// a connection lost now costs the time, not the transfer.
    /// </summary>
    private async Task<string?> SetUploadedTimeAsync(string target, DateTime localTime, CancellationToken cancellationToken)
    {
        try
        {
            return await SetModificationTimeAsync(target, localTime, cancellationToken).ConfigureAwait(false);
        }
        catch (FtpException ex)
        {
            return "setting it failed: " + ex.Message;
        }
    }

    /// <summary>
    /// Deletes what a cut upload left under its name, within a short bound (the connection may need reopening).
    /// A file that was there before and still is, unchanged (a server with atomic uploads keeps it), stays.
    /// </summary>
    private async Task DeleteCutUploadAsync(string target, FtpItem? existing)
    {
        using var bound = new CancellationTokenSource(CleanupWait < _options.Timeout ? CleanupWait : _options.Timeout);
        try
        {
            if (existing is not null)
            {
                var now = await GetItemAsync(target, bound.Token).ConfigureAwait(false);
                if (now is null || (now.Length == existing.Length && now.LastWriteTimeUtc == existing.LastWriteTimeUtc))
                {
                    return;
                }
            }

            await DeleteFileAsync(target, bound.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FtpException or OperationCanceledException or IOException)
        {
            // Nothing there (the server dropped it itself), or the server is gone: nothing more to do now.
        }
    }

    /// <summary>The hidden file a resumable download keeps its partial bytes in, beside the target.</summary>
    public static string GetPartialPath(string localPath)
    {
        var directory = Path.GetDirectoryName(localPath)!;
        var name = "." + Path.GetFileName(localPath) + ".ftplite-partial";
        if (Encoding.UTF8.GetByteCount(name) > 200)
        {
            // Long names would overflow the 255-byte name limit: use a digest of the name instead.
            name = ".ftplite-partial-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFileName(localPath))))[..32];
        }

        return Path.Combine(directory, name);
    }

    private async Task<FtpTransferResult> DownloadStagedAsync(FtpItem item, bool listed, string localPath, FtpTransferOptions options,
        IProgress<FtpTransferProgress>? progress, CancellationToken cancellationToken)
    {
        // The server's hash is asked first: a server that cannot give a readable one fails before the download.
        var remoteHash = options.Verify ? await GetWholeFileHashAsync(item.FullName, cancellationToken).ConfigureAwait(false) : null;
        await using var staged = StagedFile.Create(localPath);
        var received = await DownloadAsync(item.FullName, staged.Stream, 0, item.Length, progress, cancellationToken).ConfigureAwait(false);
        if (listed && received != item.Length && await GetSizeAsync(item.FullName, cancellationToken).ConfigureAwait(false) == received)
        {
            // The file changed after it was listed, and what arrived is all of it now.
        }
        else
        {
            CheckLength(item, received);
        }

        await staged.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        var verification = options.Verify
            ? await VerifyAsync(item.FullName, staged.Stream, remoteIsTheCopy: false, cancellationToken, remoteHash).ConfigureAwait(false)
            : FtpVerificationMethod.None;
        try
        {
            await staged.CommitAsync(options.Overwrite).ConfigureAwait(false);
        }
        catch (IOException) when (!options.Overwrite && Path.Exists(localPath))
        {
            throw new FtpDestinationExistsException(localPath, isRemote: false);
        }

        return new FtpTransferResult(received, 0, verification);
    }

    private async Task<FtpTransferResult> DownloadResumableAsync(FtpItem item, string localPath, FtpTransferOptions options,
        IProgress<FtpTransferProgress>? progress, CancellationToken cancellationToken)
    {
        // With Verify the server's hash is asked first, so that a server whose answer cannot be read fails before
        // the download rather than after it. (A resumed download is checked at the end in any case.)
        var remoteHash = options.Verify ? await GetWholeFileHashAsync(item.FullName, cancellationToken).ConfigureAwait(false) : null;
        var partialPath = GetPartialPath(localPath);
        var target = new FileInfo(localPath);
        var partialWasThere = File.Exists(partialPath);
        if (!partialWasThere && target.Exists)
        {
            if (target.Length > item.Length && !options.Overwrite)
            {
                // Longer than the remote file: not a piece of it. Replacing it needs -Force.
                throw new FtpDestinationExistsException(localPath, isRemote: false);
            }

            if (target.Length <= item.Length)
            {
                // Work on a copy: the target stays as it is until the whole file is there and checked.
                File.Copy(localPath, partialPath);
            }
        }

        var partial = new FileStream(partialPath, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        });
        var startLength = partial.Length;
        var keep = true;
        try
        {
            var offset = partial.Length;
            string? startedOver = null;
            if (offset > item.Length)
            {
                startedOver = $"the local partial file ({offset} bytes) is longer than the remote file ({item.Length} bytes)";
            }
            else if (offset > 0 && CanHashRanges && !await PrefixMatchesAsync(item.FullName, partial, offset, cancellationToken).ConfigureAwait(false))
            {
                startedOver = "the local partial file's hash differs from the first bytes of the remote file";
            }

            long received = 0;
            var overlapChecked = false;
            if (startedOver is null && offset > 0 && !CanHashRanges)
            {
                (received, startedOver) = await DownloadAfterOverlapAsync(item, partial, offset, progress, cancellationToken).ConfigureAwait(false);
                overlapChecked = startedOver is null;
            }

            if (!overlapChecked)
            {
                offset = startedOver is null ? offset : 0;
                partial.SetLength(offset);
                partial.Seek(offset, SeekOrigin.Begin);
                received = offset < item.Length
                    ? await DownloadAsync(item.FullName, partial, offset, item.Length, progress, cancellationToken).ConfigureAwait(false)
                    : 0;
            }

            CheckLength(item, offset + received);
            await partial.FlushAsync(cancellationToken).ConfigureAwait(false);
            // Two halves from different moments must make one file: a resumed download is always checked.
            var verification = options.Verify || offset > 0
                ? await VerifyAsync(item.FullName, partial, remoteIsTheCopy: false, cancellationToken, remoteHash).ConfigureAwait(false)
                : FtpVerificationMethod.None;
            await partial.DisposeAsync().ConfigureAwait(false);
            File.Move(partialPath, localPath, overwrite: true);
            return new FtpTransferResult(received, offset, verification) { StartedOverBecause = startedOver };
        }
        catch (Exception ex) when (ex is FtpVerificationException or FtpProtocolException)
        {
            // Not an interruption a later resume could continue: a wrong or unverifiable file is not kept.
            keep = false;
            throw;
        }
        finally
        {
            // A partial is kept for the next resume only when it holds something: bytes that came in this time,
            // or that were there before. A copy of the target that gained nothing would be clutter beside it.
            var length = partial.CanSeek ? partial.Length : -1;
            await partial.DisposeAsync().ConfigureAwait(false);
            if (File.Exists(partialPath) && (!keep || length == 0 || (!partialWasThere && length >= 0 && length <= startLength)))
            {
                File.Delete(partialPath);
            }
        }
    }

    /// <summary>True when the server can hash a byte range (HASH with RANG), so a partial file can be checked in place.</summary>
    private bool CanHashRanges => SupportsHash && HashAlgorithms.Count > 0 && _features.Contains("RANG");

    /// <summary>
    /// Resumes a download without range hashes: the last bytes before the resume point are fetched again and
    /// compared with the local file's before anything is appended. Returns the bytes appended, or why the local
    /// partial cannot be trusted (the caller then starts over).
    /// </summary>
    private async Task<(long Received, string? StartedOverBecause)> DownloadAfterOverlapAsync(FtpItem item, FileStream partial, long offset,
        IProgress<FtpTransferProgress>? progress, CancellationToken cancellationToken)
    {
        var overlap = (int)Math.Min(offset, ResumeOverlap);
        var expected = new byte[overlap];
        partial.Seek(offset - overlap, SeekOrigin.Begin);
        await partial.ReadExactlyAsync(expected, cancellationToken).ConfigureAwait(false);
        partial.Seek(offset, SeekOrigin.Begin);
        var checking = new OverlapCheckingStream(partial, expected);
        try
        {
            var received = await DownloadAsync(item.FullName, checking, offset - overlap, item.Length, progress, cancellationToken).ConfigureAwait(false);
            return checking.Confirmed
                ? (received - overlap, null)
                : (0, $"the server sent only {received} of the {overlap} bytes before the resume point");
        }
        catch (InvalidDataException)
        {
            return (0, $"the {overlap} bytes before the resume point differ from the remote file's");
        }
        catch (FtpCommandException ex) when (ex.Command == "REST")
        {
            return (0, $"the server cannot restart a transfer part way (REST: {ex.ReplyCode} {ex.ReplyText})");
        }
    }

    /// <summary>Where the server has HASH and RANG, checks that the first bytes of a local file are the remote file's.</summary>
    private async Task<bool> PrefixMatchesAsync(string remotePath, Stream local, long length, CancellationToken cancellationToken)
    {
        var algorithm = HashAlgorithms[0];
        var remote = await GetHashAsync(remotePath, algorithm, (0, length - 1), cancellationToken).ConfigureAwait(false);
        local.Seek(0, SeekOrigin.Begin);
        var hash = await FtpHashAlgorithms.ComputeAsync(algorithm, local, length, cancellationToken).ConfigureAwait(false);
        return hash.Equals(remote.Hash, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Where the server has no range hashes, checks that the last bytes a local file holds up to
    /// <paramref name="length"/> are the remote file's (they are fetched again with REST): a different file, or
    /// another version of it, differs there.
    /// </summary>
    private async Task<bool> TailMatchesAsync(string remotePath, Stream local, long length, CancellationToken cancellationToken)
    {
        var overlap = (int)Math.Min(length, ResumeOverlap);
        var expected = new byte[overlap];
        local.Seek(length - overlap, SeekOrigin.Begin);
        await local.ReadExactlyAsync(expected, cancellationToken).ConfigureAwait(false);
        using var remote = new MemoryStream(overlap);
        try
        {
            await DownloadAsync(remotePath, new OverlapCheckingStream(remote, expected), length - overlap, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return false;
        }
        catch (FtpCommandException ex) when (ex.Command == "REST")
        {
            return false;
        }

        return remote.Length == 0;
    }

    private async Task<bool> CanResumeUploadAsync(FtpItem existing, Stream local, long localLength, CancellationToken cancellationToken)
    {
        if (existing.Length > localLength)
        {
            return false;
        }

        if (existing.Length == 0)
        {
            return true;
        }

        var matches = CanHashRanges
            ? await PrefixMatchesAsync(existing.FullName, local, existing.Length, cancellationToken).ConfigureAwait(false)
            : await TailMatchesAsync(existing.FullName, local, existing.Length, cancellationToken).ConfigureAwait(false);
        local.Seek(0, SeekOrigin.Begin);
        return matches;
    }

    /// <summary>
    /// Compares a remote file with a local stream, by hash where the server has HASH, by size otherwise.
    /// <paramref name="remoteIsTheCopy"/> says which side a mismatch blames (an upload's remote file, or a
    /// download's local one).
    /// </summary>
    private async Task<FtpVerificationMethod> VerifyAsync(string remotePath, FileStream local, bool remoteIsTheCopy, CancellationToken cancellationToken,
        FtpFileHash? remoteHash = null)
    {
        var copy = remoteIsTheCopy ? "remote file" : "downloaded file";
        if (SupportsHash && HashAlgorithms.Count > 0)
        {
            var algorithm = HashAlgorithms[0];
            var remote = remoteHash ?? await GetHashAsync(remotePath, algorithm, null, cancellationToken).ConfigureAwait(false);
            local.Seek(0, SeekOrigin.Begin);
            var hash = await FtpHashAlgorithms.ComputeAsync(algorithm, local, null, cancellationToken).ConfigureAwait(false);
            return hash.Equals(remote.Hash, StringComparison.OrdinalIgnoreCase)
                ? FtpVerificationMethod.Hash
                : throw Mismatch(remote.Hash, hash, $"{algorithm.WireName()} hash of the {copy}");
        }

        var size = (await GetSizeAsync(remotePath, cancellationToken).ConfigureAwait(false))?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
        var localSize = local.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return size == localSize
            ? FtpVerificationMethod.Size
            : throw Mismatch(size, localSize, $"size of the {copy}");

        FtpVerificationException Mismatch(string remoteValue, string localValue, string what) => remoteIsTheCopy
            ? new FtpVerificationException(remotePath, localValue, remoteValue, what)
            : new FtpVerificationException(remotePath, remoteValue, localValue, what);
    }

    /// <summary>The server's hash of a whole remote file, in its strongest algorithm; null when it cannot hash.</summary>
    private async Task<FtpFileHash?> GetWholeFileHashAsync(string remotePath, CancellationToken cancellationToken) =>
        SupportsHash && HashAlgorithms.Count > 0
            ? await GetHashAsync(remotePath, HashAlgorithms[0], null, cancellationToken).ConfigureAwait(false)
            : null;

    private static void CheckLength(FtpItem item, long received)
    {
        if (item.ItemType == FtpItemType.File && received != item.Length)
        {
            throw new FtpException($"The download of '{item.FullName}' ended after {received} of {item.Length} bytes; nothing was saved.");
        }
    }

    private static FileStream OpenLocalForRead(string localPath) => new(localPath, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        BufferSize = 0,
        Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
    });

    private static DateTime TruncateToSeconds(DateTime time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    /// <summary>The remote file an upload writes, and what is there now (null when nothing).</summary>
    private async Task<(string Target, FtpItem? Existing)> ResolveUploadTargetAsync(string? remotePath, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(remotePath) || remotePath.EndsWith('/'))
        {
            var inDirectory = FtpPath.Combine(GetFullPath(remotePath ?? string.Empty), name);
            return (inDirectory, await GetItemAsync(inDirectory, cancellationToken).ConfigureAwait(false));
        }

        var target = GetFullPath(remotePath);
        var existing = await GetItemAsync(target, cancellationToken).ConfigureAwait(false);
        if (existing is not { IsDirectory: true })
        {
            return (target, existing);
        }

        target = FtpPath.Combine(target, name);
        return (target, await GetItemAsync(target, cancellationToken).ConfigureAwait(false));
    }
}
