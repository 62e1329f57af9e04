namespace FtpLite.FileSystem.S3;

/// <summary>
/// The objects this node's uploads just made (key, ETag, size), so that the MFMT a client sends right after its
/// STOR (lftp and rclone do, per file) is one CopyObject with the ETag as its condition instead of a HEAD and then
/// the copy. Nothing here is trusted for the bytes: a copy onto itself keeps whatever object the store holds
/// now, and a store that honours the ETag condition (x-amz-copy-source-if-match: AWS, MinIO; Ceph 16's gateway
/// ignores it) refuses the copy when another node replaced the object, and the node then asks. Bounded in count and age.
/// </summary>
internal sealed class S3RecentUploads
{
    /// <summary>Older uploads are not offered: a client's MFMT follows its STOR within moments.</summary>
    private readonly RecentEntries<(string ETag, long Size)> _uploads = new(capacity: 256, maxAge: TimeSpan.FromMinutes(1));

    public void Add(string key, string? eTag, long size)
    {
        if (!string.IsNullOrEmpty(eTag))
        {
            _uploads.Set(key, (eTag, size));
        }
    }

    /// <summary>The upload just made under <paramref name="key"/>, taken out (a copy changes what the store holds).</summary>
    public (string ETag, long Size)? Take(string key) => _uploads.TryTake(key, out var upload) ? upload : null;

    public void Forget(string key) => _uploads.Remove(key);
}
