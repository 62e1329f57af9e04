using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace FtpLite.FileSystem.S3;

/// <summary>
/// Copies inside the store, never through this server: CopyObject up to 5 GiB (S3's limit for one copy), a
/// multipart upload of UploadPartCopy ranges above it.
/// </summary>
internal sealed class S3ObjectCopy(S3FileSystem owner)
{
    /// <summary>The largest object (and part) one copy request may copy.</summary>
    public const long MaxCopySize = 5L * 1024 * 1024 * 1024;

    /// <summary>Copies or deletes this many objects at once in a folder rename.</summary>
    private const int FolderParallelism = 8;

    /// <summary>
    /// Copies <paramref name="from"/> (of <paramref name="size"/> bytes, as long as it is still the version
    /// <paramref name="eTag"/>) to <paramref name="to"/>; with <paramref name="metadata"/> the copy gets that
    /// metadata instead of the source's (which is how an object's metadata changes in place).
    /// </summary>
    public async Task CopyAsync(string from, string to, long size, string? eTag, Dictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (size <= MaxCopySize)
        {
            var request = new CopyObjectRequest
            {
                SourceBucket = owner.Bucket,
                SourceKey = from,
                DestinationBucket = owner.Bucket,
                DestinationKey = to,
                ETagToMatch = eTag,
            };
            if (metadata is not null)
            {
                request.MetadataDirective = S3MetadataDirective.REPLACE;
                foreach (var (name, value) in metadata)
                {
                    request.Metadata[name] = value;
                }
            }

            await owner.Client.CopyObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (metadata is null && await owner.HeadAsync(from, cancellationToken).ConfigureAwait(false) is { } source)
        {
            metadata = source.Metadata.Keys.ToDictionary(name => name, name => source.Metadata[name], StringComparer.OrdinalIgnoreCase);
        }

        var initiate = new InitiateMultipartUploadRequest { BucketName = owner.Bucket, Key = to };
        foreach (var (name, value) in metadata ?? [])
        {
            initiate.Metadata[name] = value;
        }

        var uploadId = (await owner.Client.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false)).UploadId;
        try
        {
            var parts = await CopyPartsAsync(uploadId, to, from, eTag, size, firstPartNumber: 1, cancellationToken).ConfigureAwait(false);
            await owner.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = owner.Bucket,
                Key = to,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortAsync(owner, to, uploadId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Adds the first <paramref name="length"/> bytes of <paramref name="from"/> to a multipart upload as parts of
    /// at most 5 GiB, each at least 5 MiB when <paramref name="length"/> is (S3's minimum for all but the last part).
    /// </summary>
    public async Task<List<PartETag>> CopyPartsAsync(string uploadId, string to, string from, string? eTag, long length, int firstPartNumber, CancellationToken cancellationToken)
    {
        var count = (int)((length + MaxCopySize - 1) / MaxCopySize);
        var chunk = (length + count - 1) / count;
        var parts = new List<PartETag>(count);
        for (var index = 0; index < count; index++)
        {
            var first = index * chunk;
            var last = Math.Min(length, first + chunk) - 1;
            var copied = await owner.Client.CopyPartAsync(new CopyPartRequest
            {
                SourceBucket = owner.Bucket,
                SourceKey = from,
                DestinationBucket = owner.Bucket,
                DestinationKey = to,
                UploadId = uploadId,
                PartNumber = firstPartNumber + index,
                FirstByte = first,
                LastByte = last,
                ETagToMatch = eTag is null ? null : [eTag],
            }, cancellationToken).ConfigureAwait(false);
            parts.Add(new PartETag(firstPartNumber + index, copied.ETag));
        }

        return parts;
    }

    /// <summary>
    /// Copies every object under <paramref name="fromPrefix"/> to <paramref name="toPrefix"/>, then deletes the
    /// old ones; refuses (before copying anything) a folder of more than <paramref name="maxObjects"/> objects.
    /// </summary>
    public async Task CopyFolderAsync(string fromPrefix, string toPrefix, int maxObjects, string path, CancellationToken cancellationToken)
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = owner.Bucket, Prefix = fromPrefix };
        do
        {
            var page = await owner.Client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            objects.AddRange(page.S3Objects ?? []);
            if (objects.Count > maxObjects)
            {
                throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, path);
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = FolderParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(objects, parallel, async (item, token) =>
            await CopyAsync(item.Key, toPrefix + item.Key[fromPrefix.Length..], item.Size ?? 0, item.ETag, null, token).ConfigureAwait(false)).ConfigureAwait(false);
        await Parallel.ForEachAsync(objects, parallel, async (item, token) =>
            await owner.Client.DeleteObjectAsync(owner.Bucket, item.Key, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Aborts a multipart upload, whatever else failed: its parts must not stay behind, unlisted but stored.</summary>
    public static async Task AbortAsync(S3FileSystem owner, string key, string uploadId)
    {
        try
        {
            await owner.Client.AbortMultipartUploadAsync(owner.Bucket, key, uploadId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The store is unreachable or already forgot it: nothing more this server can do (the start-up clean-up retries).
        }
    }
}
