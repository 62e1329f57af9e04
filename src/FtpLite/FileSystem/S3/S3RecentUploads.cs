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
    private const int MaxUploads = 256;

    /// <summary>Older uploads are not offered: a client's MFMT follows its STOR within moments.</summary>
    private const long MaxAgeMs = 60_000;

    private readonly Dictionary<string, (string ETag, long Size, long At)> _uploads = new(StringComparer.Ordinal);

    public void Add(string key, string? eTag, long size)
    {
        if (string.IsNullOrEmpty(eTag))
        {
            return;
        }

        var now = Environment.TickCount64;
        lock (_uploads)
        {
            if (_uploads.Count >= MaxUploads && !_uploads.ContainsKey(key))
            {
                foreach (var (old, upload) in _uploads.ToList())
                {
                    if (now - upload.At > MaxAgeMs)
                    {
                        _uploads.Remove(old);
                    }
                }

                if (_uploads.Count >= MaxUploads)
                {
                    _uploads.Clear();
                }
            }

            _uploads[key] = (eTag, size, now);
        }
    }

    /// <summary>The upload just made under <paramref name="key"/>, taken out (a copy changes what the store holds).</summary>
    public (string ETag, long Size)? Take(string key)
    {
        lock (_uploads)
        {
            if (!_uploads.Remove(key, out var upload) || Environment.TickCount64 - upload.At > MaxAgeMs)
            {
                return null;
            }

            return (upload.ETag, upload.Size);
        }
    }

    public void Forget(string key)
    {
        lock (_uploads)
        {
            _uploads.Remove(key);
        }
    }
}
