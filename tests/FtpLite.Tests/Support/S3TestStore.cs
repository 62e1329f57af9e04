using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using FtpLite.FileSystem.S3;

namespace FtpLite.Tests.Support;

/// <summary>
/// An <see cref="S3FileSystem"/> on a fresh prefix of a test class's bucket, with the client it uses, whose
/// requests are recorded (what the file system asked the store, and how many uploads of parts ran at once), and
/// helpers that look at the store directly.
/// </summary>
public sealed class S3TestStore : IDisposable
{
    private readonly object _gate = new();
    private readonly List<string> _requests = [];
    private int _partsRunning;

    private S3TestStore(AmazonS3Client client, S3FileSystemOptions options)
    {
        Client = client;
        Options = options;
        FileSystem = new S3FileSystem(client, options, ownsClient: false);
        client.BeforeRequestEvent += (_, e) => Record(((WebServiceRequestEventArgs)e).Request, +1);
        client.AfterResponseEvent += (_, e) => Record(((WebServiceResponseEventArgs)e).Request, -1);
    }

    public AmazonS3Client Client { get; }

    public S3FileSystemOptions Options { get; }

    public S3FileSystem FileSystem { get; }

    public string Bucket => Options.BucketName;

    /// <summary>The key prefix served as "/", ending in '/'.</summary>
    public string Prefix => Options.Prefix.TrimEnd('/') + "/";

    /// <summary>The most UploadPart requests that were on their way at once.</summary>
    public int MaxPartsRunning { get; private set; }

    public static async Task<S3TestStore> CreateAsync(CephS3Gateway gateway, Type owner, Func<S3FileSystemOptions, S3FileSystemOptions>? adjust = null,
        HttpClientFactory? http = null)
    {
        var options = gateway.Options(await gateway.BucketAsync(owner), "t-" + Guid.NewGuid().ToString("N")[..12]);
        return new S3TestStore(gateway.NewClient(http), adjust?.Invoke(options) ?? options);
    }

    /// <summary>The names of the requests made so far (e.g. "CopyPartRequest"), in order; clears the record.</summary>
    public List<string> TakeRequests()
    {
        lock (_gate)
        {
            var taken = _requests.ToList();
            _requests.Clear();
            return taken;
        }
    }

    /// <summary>Every key under the prefix (relative to it), markers included.</summary>
    public async Task<List<string>> KeysAsync(string? under = null)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = under ?? Prefix };
        do
        {
            var page = await Client.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(item => item.Key[Prefix.Length..]));
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
        return keys;
    }

    /// <summary>The multipart uploads begun and neither completed nor aborted under the prefix.</summary>
    public async Task<List<string>> MultipartUploadsAsync() =>
        [.. ((await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = Prefix })).MultipartUploads ?? [])
            .Select(upload => upload.Key[Prefix.Length..])];

    public async Task PutAsync(string relativeKey, byte[] content) =>
        await Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Prefix + relativeKey, InputStream = new MemoryStream(content) });

    public async Task<byte[]> GetAsync(string relativeKey)
    {
        using var response = await Client.GetObjectAsync(Bucket, Prefix + relativeKey);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public void Dispose() => Client.Dispose();

    private void Record(AmazonWebServiceRequest request, int change)
    {
        lock (_gate)
        {
            if (change > 0)
            {
                _requests.Add(request.GetType().Name);
            }

            if (request is UploadPartRequest)
            {
                _partsRunning += change;
                MaxPartsRunning = Math.Max(MaxPartsRunning, _partsRunning);
            }
        }
    }
}
