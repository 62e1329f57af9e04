namespace FtpLite.FileSystem.S3;

/// <summary>
/// Where an <see cref="S3FileSystem"/> keeps its files: a bucket (and a key prefix in it) on AWS S3 or any
/// S3-compatible store (Ceph RADOS Gateway, MinIO). Plain values only, so that naming these options loads
/// nothing of the AWS SDK.
/// </summary>
public sealed record S3FileSystemOptions
{
    /// <summary>The smallest part S3 accepts in a multipart upload, except for the last one.</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>The bucket; it must exist.</summary>
    public required string BucketName { get; init; }

    /// <summary>
    /// The key prefix served as "/" (e.g. "ftp/" or "users/alice"); empty serves the whole bucket. A trailing
    /// slash is added when missing, so "a" serves the keys under "a/".
    /// </summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>The endpoint of an S3-compatible store (e.g. http://127.0.0.1:7480); null for AWS S3.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>The region (e.g. eu-west-1); null for the SDK's usual sources (AWS_REGION, the profile), or us-east-1 with <see cref="ServiceUrl"/>.</summary>
    public string? Region { get; init; }

    /// <summary>Address buckets as http://host/bucket rather than http://bucket.host (what most self-hosted stores need).</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>The access key id; null for the SDK's usual credential sources (environment, profile, instance role).</summary>
    public string? AccessKey { get; init; }

    /// <summary>The secret access key that goes with <see cref="AccessKey"/>.</summary>
    public string? SecretKey { get; init; }

    /// <summary>
    /// The size of an upload's parts: the memory an upload holds is this times (<see cref="PartsInFlight"/> + 1).
    /// At least 5 MiB (S3's minimum); 8 MiB by default. After every 1,000 parts it doubles, so the 10,000 parts
    /// S3 allows hold far more than 10,000 times this.
    /// </summary>
    public int PartSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Parts of one upload sent to the store at once while the next one fills; 2 by default.</summary>
    public int PartsInFlight { get; init; } = 2;

    /// <summary>
    /// The most objects a folder rename copies (S3 has no rename: each object is copied, then the old ones are
    /// deleted); a larger folder is refused. 10,000 by default.
    /// </summary>
    public int MaxFolderRenameObjects { get; init; } = 10_000;

    /// <summary>
    /// How old a multipart upload under the prefix must be for the server's start-up clean-up to abort it: one a
    /// killed server left behind. Another node's live upload is younger, unless it has run this long. 1 day by default.
    /// </summary>
    public TimeSpan StaleUploadAge { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long this node takes a folder the store just showed it (a listing, an MKD, an upload into it) to still
    /// be there, for the "does the parent folder exist?" check of STOR, MKD and RNTO; 2 s by default, zero to ask
    /// every time. Within it, a folder another node removed meanwhile still takes an upload from this node (which
    /// makes it exist again) rather than a 550. Whether a name is a folder, and anything about files, is always asked.
    /// </summary>
    public TimeSpan FolderSeenTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the files are, never the secret: s3://bucket/prefix.</summary>
    public override string ToString() => $"s3://{BucketName}/{Prefix}";
}
