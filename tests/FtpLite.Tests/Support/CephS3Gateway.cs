using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using FtpLite.FileSystem.S3;

namespace FtpLite.Tests.Support;

/// <summary>
/// The test classes that need a real S3 store: they share one <see cref="CephS3Gateway"/>, started once for the
/// run. xunit runs the classes of one collection one after another, the collection beside the others.
/// </summary>
[CollectionDefinition(Name)]
public sealed class UsesCephS3 : ICollectionFixture<CephS3Gateway>
{
    public const string Name = "Ceph S3 gateway";
}

/// <summary>
/// A throwaway Ceph cluster with its RADOS Gateway (tests/peers/ceph-s3.sh) on 127.0.0.1, in its own temp folder,
/// on ports above the ephemeral range; stopped, with all its data, at the end of the run. When it cannot start,
/// every test that needs it fails with the script's output and logs: a missing gateway is a failure, not a skip.
/// </summary>
public sealed class CephS3Gateway : IAsyncLifetime
{
    private const int StartAttempts = 2;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly ConcurrentDictionary<string, Task<string>> _buckets = new(StringComparer.Ordinal);
    private TempDirectory? _folder;

    public string AccessKey { get; } = "ftplite" + Guid.NewGuid().ToString("N")[..8];

    public string SecretKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The gateway's S3 endpoint, http://127.0.0.1:PORT.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>How long the start took (the script says about 4 s here).</summary>
    public TimeSpan StartTime { get; private set; }

    public static string Script => Path.Combine(PeerServer.PeersDirectory, "ceph-s3.sh");

    public async Task InitializeAsync()
    {
        var failures = new System.Text.StringBuilder();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            _folder = new TempDirectory("ftplite-ceph-");
            var port = FreePort.Next();
            var monitorPort = FreePort.Next();
            var clock = Stopwatch.StartNew();
            var result = await ExternalCommand.RunAsync("env", [.. Settings(port, monitorPort), "bash", Script, "start"], StartTimeout);
            if (result.ExitCode == 0)
            {
                StartTime = clock.Elapsed;
                Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
                return;
            }

            failures.AppendLine(CultureInfo.InvariantCulture, $"attempt {attempt} (S3 port {port}, monitor port {monitorPort}):").AppendLine(result.Describe());
            _folder.Dispose();
        }

        throw new InvalidOperationException(
            $"The Ceph S3 gateway did not start ({Script}); install the peers with tests/peers/install.sh.{Environment.NewLine}{failures}");
    }

    public async Task DisposeAsync()
    {
        if (_folder is not null)
        {
            await ExternalCommand.RunAsync("env", [$"CEPH_S3_DIR={CephFolder}", "bash", Script, "stop"], TimeSpan.FromSeconds(60));
            _folder.Dispose();
        }
    }

    /// <summary>
    /// A bucket of its own for <paramref name="owner"/> (a test class), made on first use; tests in it keep apart
    /// with a prefix each (<see cref="NewFileSystemAsync"/>).
    /// </summary>
    public Task<string> BucketAsync(Type owner) =>
        _buckets.GetOrAdd(owner.Name, name => CreateBucketAsync(name));

    /// <summary>A file system on the class's bucket under a fresh prefix, so each test starts empty.</summary>
    public async Task<S3FileSystem> NewFileSystemAsync(Type owner) =>
        new(Options(await BucketAsync(owner), "t-" + Guid.NewGuid().ToString("N")[..12]));

    /// <summary>Options for a file system on <paramref name="bucket"/> under <paramref name="prefix"/>.</summary>
    public S3FileSystemOptions Options(string bucket, string prefix) => new()
    {
        BucketName = bucket,
        Prefix = prefix,
        ServiceUrl = Endpoint,
        ForcePathStyle = true,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
    };

    /// <summary>A client of its own for checking what the store holds, behind the file system's back.</summary>
    /// <summary>A client of the gateway; <paramref name="http"/> puts a test's own HTTP handler under it.</summary>
    public AmazonS3Client NewClient(HttpClientFactory? http = null) => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        HttpClientFactory = http,
        ServiceURL = Endpoint.ToString(),
        AuthenticationRegion = "us-east-1",
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    private string CephFolder => Path.Combine(_folder!.Path, "ceph");

    private List<string> Settings(int port, int monitorPort) =>
    [
        $"CEPH_S3_DIR={CephFolder}",
        $"CEPH_S3_PORT={port.ToString(CultureInfo.InvariantCulture)}",
        $"CEPH_S3_MON_PORT={monitorPort.ToString(CultureInfo.InvariantCulture)}",
        $"CEPH_S3_ACCESS_KEY={AccessKey}",
        $"CEPH_S3_SECRET_KEY={SecretKey}",
    ];

    private async Task<string> CreateBucketAsync(string owner)
    {
        var cleaned = new string([.. owner.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        var bucket = $"{cleaned[..Math.Min(cleaned.Length, 40)]}-{Guid.NewGuid().ToString("N")[..8]}";
        using var client = NewClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }
}
