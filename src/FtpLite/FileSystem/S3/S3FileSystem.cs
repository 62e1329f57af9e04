using Amazon.S3;
using Amazon.S3.Model;
using System.Runtime.CompilerServices;
using FtpLite.Protocol;

namespace FtpLite.FileSystem.S3;

/// <summary>
/// Serves a bucket (or a prefix in it) of AWS S3 or an S3-compatible store. Folders are key prefixes, with a
/// marker object ("a/") for an empty one; uploads are multipart uploads, visible only once complete and
/// aborted when broken; downloads are range GETs; appends and resumes copy the kept bytes inside the store.
/// S3 has no rename: a file is copied then deleted, a folder object by object (see <see cref="RenameAsync"/>).
/// </summary>
/// <remarks>Every SDK type is named here and below, never by the server, so the SDK loads only when S3 is used.</remarks>
public sealed class S3FileSystem : IFtpFileSystem, IFtpStaleUploadCleanup, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly bool _ownsClient;
    /// <summary>How many subfolder times one listing asks for at once.</summary>
    private const int FolderTimeRequests = 8;

    private readonly PathLocks _appendLocks = new();
    private readonly S3SeenFolders _seenFolders;
    private readonly S3RecentUploads _recentUploads = new();

    /// <summary>Serves what <paramref name="options"/> names, with a client of its own.</summary>
    public S3FileSystem(S3FileSystemOptions options)
        : this(S3ClientFactory.Create(options), options, ownsClient: true)
    {
    }

    internal S3FileSystem(IAmazonS3 client, S3FileSystemOptions options, bool ownsClient)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.BucketName);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PartSize, S3FileSystemOptions.MinimumPartSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PartsInFlight, 1);
        _s3 = client;
        _ownsClient = ownsClient;
        Options = options;
        Bucket = options.BucketName;
        Keys = new S3Keys(options.Prefix);
        _seenFolders = new S3SeenFolders(options.FolderSeenTime);
    }

    /// <summary>What this file system serves.</summary>
    public S3FileSystemOptions Options { get; }

    internal string Bucket { get; }

    internal S3Keys Keys { get; }

    internal IAmazonS3 Client => _s3;

    /// <summary>Where the files are, for messages: s3://bucket/prefix.</summary>
    public override string ToString() => $"s3://{Bucket}/{Keys.Prefix}";

    /// <summary>
    /// Lists one key of the served prefix, to find a wrong bucket, endpoint or credential before a client does.
    /// Returns null when the store answers, otherwise what is wrong and what to check.
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        var where = Options.ServiceUrl is { } url ? $"at {url}" : $"in AWS S3 ({_s3.Config.RegionEndpoint?.SystemName ?? "no region"})";
        try
        {
            await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = Keys.Prefix, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Amazon.Runtime.AmazonServiceException ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            return $"The bucket '{Bucket}' does not exist {where}: create it, or check the bucket name and the endpoint.";
        }
        catch (Amazon.Runtime.AmazonServiceException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            return $"The store {where} refused to list bucket '{Bucket}' ({ex.ErrorCode}): check the access key and secret key "
                + "(a PSCredential with the access key as user name, or the AWS credentials of the environment or profile) and the bucket's policy.";
        }
        catch (Amazon.Runtime.AmazonServiceException ex)
        {
            return $"The store {where} answered {(int)ex.StatusCode} {ex.ErrorCode} for bucket '{Bucket}': {ex.Message}";
        }
        catch (Amazon.Runtime.AmazonClientException ex)
        {
            return $"Could not use the store {where} for bucket '{Bucket}': {ex.Message}";
        }
        catch (HttpRequestException ex)
        {
            return $"Could not reach the store {where}: {ex.Message}. Check the endpoint and that the store is running.";
        }
    }

    /// <inheritdoc />
    public async ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken)
    {
        var name = FtpPath.GetName(path);
        if (path == FtpPath.Root)
        {
            return new FtpFileSystemEntry(name, true, 0, DateTime.UnixEpoch);
        }

        try
        {
            if (await HeadAsync(Keys.File(path), cancellationToken).ConfigureAwait(false) is { } file)
            {
                return new FtpFileSystemEntry(name, false, file.ContentLength, S3Times.Of(file.Metadata, file.LastModified));
            }

            var folder = Keys.Folder(path);
            var first = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = folder, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
            if (first.S3Objects is not [var any, ..])
            {
                return null;
            }

            // The marker, when there is one, sorts first; it carries the folder's time (MFMT sets it there). Asking
            // for the marker first instead would save the listing for a folder made here but cost one more request
            // for nothing at all (a new file's name, asked by quotas and RNTO) and for a folder another tool made.
            var time = any.Key == folder && await HeadAsync(folder, cancellationToken).ConfigureAwait(false) is { } marker
                ? S3Times.Of(marker.Metadata, marker.LastModified)
                : S3Times.ToUtc(any.LastModified);
            _seenFolders.Saw(path);
            return new FtpFileSystemEntry(name, true, 0, time);
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Page by page (1,000 keys a request, with continuation tokens), each page's entries given out before the
    /// next is asked for, so a folder of any size lists in the memory of one page. Files and subfolders come in the
    /// store's key order (a subfolder "a" sorts as its prefix "a/"). Sizes and times come from the listing itself,
    /// with no request per file, so a file's time here is the store's LastModified even after MFMT (which MLST and
    /// MDTM show). A subfolder's time is its marker's (see <see cref="FolderTimesAsync"/>).
    /// </remarks>
    public async IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Keys.Folder(directory);
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = folder, Delimiter = "/" };
        var first = true;
        do
        {
            var page = await ListPageAsync(request, directory, cancellationToken).ConfigureAwait(false);
            if (first && directory != FtpPath.Root && page.S3Objects is not [_, ..] && page.CommonPrefixes is not [_, ..])
            {
                await ThrowNotAFolderAsync(directory, cancellationToken).ConfigureAwait(false);
            }

            if (first)
            {
                // Keys under it: the folder exists, as an upload into it right after the listing will ask.
                _seenFolders.Saw(directory);
            }

            first = false;
            foreach (var entry in await PageEntriesAsync(page, folder, directory, cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    private async Task<ListObjectsV2Response> ListPageAsync(ListObjectsV2Request request, string directory, CancellationToken cancellationToken)
    {
        try
        {
            return await _s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, directory) is { } translated)
        {
            throw translated;
        }
    }

    private async Task ThrowNotAFolderAsync(string directory, CancellationToken cancellationToken)
    {
        bool isFile;
        try
        {
            isFile = await HeadAsync(Keys.File(directory), cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, directory) is { } translated)
        {
            throw translated;
        }

        throw new FtpFileSystemException(isFile ? FtpFileSystemError.NotADirectory : FtpFileSystemError.NotFound, directory);
    }

    /// <summary>One page's files and subfolders, merged back into key order (the store returns them as two sorted lists).</summary>
    private async Task<List<FtpFileSystemEntry>> PageEntriesAsync(ListObjectsV2Response page, string folder, string directory, CancellationToken cancellationToken)
    {
        var objects = page.S3Objects ?? [];
        var prefixes = (page.CommonPrefixes ?? []).Where(prefix => S3Keys.IsListable(prefix[folder.Length..^1])).ToList();
        var times = await FolderTimesAsync(prefixes, directory, cancellationToken).ConfigureAwait(false);
        var entries = new List<FtpFileSystemEntry>(objects.Count + prefixes.Count);
        var o = 0;
        var p = 0;
        while (o < objects.Count || p < prefixes.Count)
        {
            if (p == prefixes.Count || (o < objects.Count && S3Keys.CompareKeys(objects[o].Key, prefixes[p]) < 0))
            {
                var item = objects[o++];
                var name = item.Key[folder.Length..];
                if (S3Keys.IsListable(name))
                {
                    entries.Add(new FtpFileSystemEntry(name, false, item.Size ?? 0, S3Times.ToUtc(item.LastModified)));
                }
            }
            else
            {
                entries.Add(new FtpFileSystemEntry(prefixes[p][folder.Length..^1], true, 0, times[p]));
                p++;
            }
        }

        return entries;
    }

    /// <inheritdoc />
    /// <remarks>One GET of the range from <paramref name="offset"/> to the end, read as the client takes it.</remarks>
    public async ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken)
    {
        try
        {
            var request = new GetObjectRequest { BucketName = Bucket, Key = Keys.File(path) };
            if (offset > 0)
            {
                request.ByteRange = new ByteRange($"bytes={offset}-");
            }

            var response = await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return new S3DownloadStream(response);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "InvalidRange")
        {
            // REST at or past the end: nothing left to send, as on disk.
            return new MemoryStream([], writable: false);
        }
        catch (Exception ex) when (S3ErrorTranslation.IsNotFound(ex))
        {
            throw new FtpFileSystemException(await IsFolderAsync(path, cancellationToken).ConfigureAwait(false) ? FtpFileSystemError.IsADirectory : FtpFileSystemError.NotFound, path, ex);
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A new file streams into a multipart upload (or one PUT when it fits in a part). An append, or a REST inside
    /// the file, starts from the kept bytes of the existing object: copied inside the store (UploadPartCopy) when
    /// they make a whole part (5 MiB or more), otherwise read into the first part, which is never more than 5 MiB.
    /// Appends and resumes to one file run one at a time on this server; one that creates its file does not
    /// replace a file another node created meanwhile (If-None-Match).
    /// </remarks>
    public async ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken)
    {
        Keys.Validate(path);
        var key = Keys.File(path);
        try
        {
            // Both questions at once: one round trip to the store before the first byte, not two; the parent's
            // answer a moment old is taken from memory (S3SeenFolders), so a run of uploads into one folder asks one.
            var isFolder = IsFolderAsync(path, cancellationToken);
            var parentExists = FolderExistsAsync(FtpPath.GetParent(path), cancellationToken);
            await Task.WhenAll(isFolder, parentExists).ConfigureAwait(false);
            if (await isFolder.ConfigureAwait(false))
            {
                throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, path);
            }

            if (!await parentExists.ConfigureAwait(false))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            if (!append && offset == 0)
            {
                return new S3Upload(this, path, key, hold: null);
            }

            var hold = await _appendLocks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
            try
            {
                var existing = await HeadAsync(key, cancellationToken).ConfigureAwait(false);
                var upload = new S3Upload(this, path, key, hold);
                if (existing is null)
                {
                    upload.CreateOnly = true;
                    return upload;
                }

                var keep = append ? existing.ContentLength : Math.Min(offset, existing.ContentLength);
                await upload.KeepAsync(keep, existing.ETag, cancellationToken).ConfigureAwait(false);
                return upload;
            }
            catch
            {
                hold.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var key = Keys.File(path);
            _recentUploads.Forget(key);
            if (path == FtpPath.Root || await HeadAsync(key, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new FtpFileSystemException(await IsFolderAsync(path, cancellationToken).ConfigureAwait(false) ? FtpFileSystemError.IsADirectory : FtpFileSystemError.NotFound, path);
            }

            await _s3.DeleteObjectAsync(Bucket, key, cancellationToken).ConfigureAwait(false);
            await KeepFolderAsync(FtpPath.GetParent(path), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    /// <remarks>Writes the folder's marker object only if no other node wrote it first (If-None-Match).</remarks>
    public async ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        Keys.Validate(path);
        try
        {
            if (path == FtpPath.Root)
            {
                throw new FtpFileSystemException(FtpFileSystemError.AlreadyExists, path);
            }

            // The three questions at once: one round trip to the store before the marker is written, not three.
            var file = HeadAsync(Keys.File(path), cancellationToken);
            var isFolder = IsFolderAsync(path, cancellationToken);
            var parentExists = FolderExistsAsync(FtpPath.GetParent(path), cancellationToken);
            await Task.WhenAll(file, isFolder, parentExists).ConfigureAwait(false);
            if (await file.ConfigureAwait(false) is not null || await isFolder.ConfigureAwait(false))
            {
                throw new FtpFileSystemException(FtpFileSystemError.AlreadyExists, path);
            }

            if (!await parentExists.ConfigureAwait(false))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            await PutMarkerAsync(Keys.Folder(path), onlyIfNew: true, metadata: null, cancellationToken).ConfigureAwait(false);
            _seenFolders.Saw(path);
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        if (path == FtpPath.Root)
        {
            throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, path);
        }

        try
        {
            var folder = Keys.Folder(path);
            var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = folder, MaxKeys = 2 }, cancellationToken).ConfigureAwait(false);
            var keys = listed.S3Objects?.Select(item => item.Key).ToList() ?? [];
            if (keys.Count == 0)
            {
                var isFile = await HeadAsync(Keys.File(path), cancellationToken).ConfigureAwait(false) is not null;
                throw new FtpFileSystemException(isFile ? FtpFileSystemError.NotADirectory : FtpFileSystemError.NotFound, path);
            }

            if (keys.Any(key => key != folder))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotEmpty, path);
            }

            try
            {
                await _s3.DeleteObjectAsync(Bucket, folder, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // After the delete, not before: a listing of the folder answered meanwhile must not make it trusted again.
                _seenFolders.Forget(path);
            }

            await KeepFolderAsync(FtpPath.GetParent(path), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A file: a server-side copy (CopyObject, or UploadPartCopy above 5 GiB), then the old object is deleted;
    /// a reader sees the file under both names for that moment, never under neither. A folder: every object
    /// under it is copied, then the old ones are deleted; not atomic: until the copies end, a listing of the
    /// new folder shows it filling, and if the server dies midway both folders hold files (nothing is lost).
    /// Folders with more than <see cref="S3FileSystemOptions.MaxFolderRenameObjects"/> objects are refused.
    /// </remarks>
    public async ValueTask RenameAsync(string path, string newPath, CancellationToken cancellationToken)
    {
        if (path == FtpPath.Root || newPath == FtpPath.Root || newPath.StartsWith(path + "/", StringComparison.Ordinal))
        {
            throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, path);
        }

        Keys.Validate(newPath);
        try
        {
            if (!await FolderExistsAsync(FtpPath.GetParent(newPath), cancellationToken).ConfigureAwait(false))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, newPath);
            }

            _recentUploads.Forget(Keys.File(path));
            _recentUploads.Forget(Keys.File(newPath));
            var copier = new S3ObjectCopy(this);
            if (await HeadAsync(Keys.File(path), cancellationToken).ConfigureAwait(false) is { } file)
            {
                if (await IsFolderAsync(newPath, cancellationToken).ConfigureAwait(false))
                {
                    throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, newPath);
                }

                await copier.CopyAsync(Keys.File(path), Keys.File(newPath), file.ContentLength, file.ETag, null, cancellationToken).ConfigureAwait(false);
                await _s3.DeleteObjectAsync(Bucket, Keys.File(path), cancellationToken).ConfigureAwait(false);
            }
            else if (await IsFolderAsync(path, cancellationToken).ConfigureAwait(false))
            {
                if (await HeadAsync(Keys.File(newPath), cancellationToken).ConfigureAwait(false) is not null || await IsFolderAsync(newPath, cancellationToken).ConfigureAwait(false))
                {
                    throw new FtpFileSystemException(FtpFileSystemError.AlreadyExists, newPath);
                }

                try
                {
                    await copier.CopyFolderAsync(Keys.Folder(path), Keys.Folder(newPath), Options.MaxFolderRenameObjects, path, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // After the copies and deletes (the old folder is listed until they end), and if they fail midway.
                    _seenFolders.Forget(path);
                }
            }
            else
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            await KeepFolderAsync(FtpPath.GetParent(path), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Stored as the object's "mtime" metadata (a copy of the object onto itself, inside the store), which MLST
    /// and MDTM show; a folder's goes on its marker object. Right after this node uploaded the file (lftp and
    /// rclone send MFMT after each STOR), the copy alone, on condition that the object is still that upload.
    /// </remarks>
    public async ValueTask SetLastWriteTimeAsync(string path, DateTime lastWriteTimeUtc, CancellationToken cancellationToken)
    {
        try
        {
            var key = Keys.File(path);
            if (path != FtpPath.Root && await SetUploadedTimeAsync(key, lastWriteTimeUtc, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (path != FtpPath.Root && await HeadAsync(key, cancellationToken).ConfigureAwait(false) is { } file)
            {
                var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var name in file.Metadata.Keys)
                {
                    metadata[name] = file.Metadata[name];
                }

                metadata[S3Times.MetadataName] = S3Times.Format(lastWriteTimeUtc);
                await new S3ObjectCopy(this).CopyAsync(key, key, file.ContentLength, file.ETag, metadata, cancellationToken).ConfigureAwait(false);
            }
            else if (path == FtpPath.Root || await IsFolderAsync(path, cancellationToken).ConfigureAwait(false))
            {
                if (path != FtpPath.Root || Keys.Prefix.Length > 0)
                {
                    await PutMarkerAsync(Keys.Folder(path), onlyIfNew: false, new() { [S3Times.MetadataName] = S3Times.Format(lastWriteTimeUtc) }, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Sets the time of the object this node just uploaded under <paramref name="key"/> with one CopyObject onto
    /// itself, on condition that the object is still that upload (its ETag), with the metadata that upload had
    /// (none but this time). False when there is no such upload, or the store refused the condition (another node
    /// replaced or removed the object): then the caller asks the store what is there. A store that ignores the
    /// condition copies the object that is there now onto itself: its bytes stay, its own metadata gives way to this time.
    /// </summary>
    private async Task<bool> SetUploadedTimeAsync(string key, DateTime lastWriteTimeUtc, CancellationToken cancellationToken)
    {
        // Above 5 GiB a copy goes in ranges of the size uploaded: only one whole-object copy may meet another node's
        // object, which it then copies as it is (a store that ignores the condition, as Ceph 16's gateway does).
        if (_recentUploads.Take(key) is not { } uploaded || uploaded.Size > S3ObjectCopy.MaxCopySize)
        {
            return false;
        }

        try
        {
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [S3Times.MetadataName] = S3Times.Format(lastWriteTimeUtc) };
            await new S3ObjectCopy(this).CopyAsync(key, key, uploaded.Size, uploaded.ETag, metadata, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Amazon.Runtime.AmazonServiceException ex) when (ex.StatusCode is System.Net.HttpStatusCode.PreconditionFailed || S3ErrorTranslation.IsNotFound(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Aborts the multipart uploads under the prefix begun more than <see cref="S3FileSystemOptions.StaleUploadAge"/>
    /// ago (a killed server's: their parts are stored, and billed, but never listed). Returns how many.
    /// </summary>
    public int RemoveStaleUploads() => RemoveStaleUploadsAsync().GetAwaiter().GetResult();

    private async Task<int> RemoveStaleUploadsAsync()
    {
        var before = DateTime.UtcNow - Options.StaleUploadAge;
        var stale = new List<MultipartUpload>();
        var request = new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = Keys.Prefix };
        do
        {
            var page = await _s3.ListMultipartUploadsAsync(request).ConfigureAwait(false);
            stale.AddRange((page.MultipartUploads ?? []).Where(upload => upload.Initiated is { } initiated && initiated.ToUniversalTime() <= before));
            request.KeyMarker = page.IsTruncated == true ? page.NextKeyMarker : null;
            request.UploadIdMarker = page.IsTruncated == true ? page.NextUploadIdMarker : null;
        }
        while (request.KeyMarker is not null);

        foreach (var upload in stale)
        {
            await S3ObjectCopy.AbortAsync(this, upload.Key, upload.UploadId).ConfigureAwait(false);
        }

        return stale.Count;
    }

    /// <summary>Closes the client this file system made.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _s3.Dispose();
        }
    }

    /// <summary>The object's metadata; null when there is no object under <paramref name="key"/>.</summary>
    internal async Task<GetObjectMetadataResponse?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3ErrorTranslation.IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// The times of a page's subfolders, a few asked at once: each one's marker time (the MKD's LastModified, or what
    /// MFMT set), and for a folder without a marker (made by another tool) the LastModified of its first object, as
    /// MLST shows. One request per subfolder (two without a marker); files cost none.
    /// </summary>
    private async Task<DateTime[]> FolderTimesAsync(List<string> folders, string directory, CancellationToken cancellationToken)
    {
        var times = new DateTime[folders.Count];
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = FolderTimeRequests, CancellationToken = cancellationToken };
            await Parallel.ForAsync(0, folders.Count, options, async (i, token) => times[i] = await FolderTimeAsync(folders[i], token).ConfigureAwait(false))
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, directory) is { } translated)
        {
            throw translated;
        }

        return times;
    }

    private async Task<DateTime> FolderTimeAsync(string folder, CancellationToken cancellationToken)
    {
        if (await HeadAsync(folder, cancellationToken).ConfigureAwait(false) is { } marker)
        {
            return S3Times.Of(marker.Metadata, marker.LastModified);
        }

        var first = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = folder, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
        return first.S3Objects is [var any, ..] ? S3Times.ToUtc(any.LastModified) : DateTime.UnixEpoch;
    }

    /// <summary>True when any key (a marker or a file) lies under the folder at <paramref name="path"/>.</summary>
    private async Task<bool> IsFolderAsync(string path, CancellationToken cancellationToken)
    {
        if (path == FtpPath.Root)
        {
            return true;
        }

        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = Keys.Folder(path), MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
        if (listed.S3Objects is not [_, ..])
        {
            return false;
        }

        _seenFolders.Saw(path);
        return true;
    }

    /// <summary>
    /// For "does the parent folder exist?" only: true without asking when the store showed it a moment ago
    /// (<see cref="S3FileSystemOptions.FolderSeenTime"/>), otherwise <see cref="IsFolderAsync"/>.
    /// </summary>
    private Task<bool> FolderExistsAsync(string path, CancellationToken cancellationToken) =>
        _seenFolders.Contains(path) ? Task.FromResult(true) : IsFolderAsync(path, cancellationToken);

    /// <summary>An upload of this node completed: the object it made, and the folder that now holds it.</summary>
    internal void Uploaded(string path, string key, string? eTag, long size)
    {
        _recentUploads.Add(key, eTag, size);
        _seenFolders.Saw(FtpPath.GetParent(path));
    }

    /// <summary>
    /// Keeps a folder that just lost its last object (a folder made by another tool has no marker) listed, as a
    /// folder on disk stays when its last file goes.
    /// </summary>
    private async Task KeepFolderAsync(string folder, CancellationToken cancellationToken)
    {
        if (folder != FtpPath.Root && !await IsFolderAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            await PutMarkerAsync(Keys.Folder(folder), onlyIfNew: false, metadata: null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PutMarkerAsync(string key, bool onlyIfNew, Dictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var request = new InMemory.PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream([], writable: false) };
        if (onlyIfNew)
        {
            request.IfNoneMatch = "*";
        }

        foreach (var (name, value) in metadata ?? [])
        {
            request.Metadata[name] = value;
        }

        await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
