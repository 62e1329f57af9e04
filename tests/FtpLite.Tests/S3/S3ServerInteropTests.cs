using System.Globalization;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.S3;

/// <summary>
/// A server started with Start-FtpLiteServer -S3Bucket on a real Ceph gateway, driven by curl and lftp: what they
/// upload is in the bucket byte for byte, and what is in the bucket comes back, whole or from an offset.
/// </summary>
[Collection(UsesCephS3.Name)]
public sealed class S3ServerInteropTests(CephS3Gateway gateway)
{
    private const int MiB = 1024 * 1024;

    private const string StartOnS3 =
        "$keys = [pscredential]::new($args[3], (ConvertTo-SecureString $args[4] -AsPlainText -Force)); "
        + "Start-FtpLiteServer -Port 0 -S3Bucket $args[0] -S3Prefix $args[1] -S3Endpoint $args[2] -S3Region us-east-1 -S3ForcePathStyle -S3Credential $keys";

    [Fact]
    public async Task Curl_and_lftp_upload_list_resume_append_and_download_through_a_server_on_S3()
    {
        using var store = await S3TestStore.CreateAsync(gateway, GetType());
        using var shell = new HostedPowerShell();
        var started = shell.Run(StartOnS3, store.Bucket, store.Prefix, gateway.Endpoint.ToString(), gateway.AccessKey, gateway.SecretKey);
        Assert.Empty(shell.Errors);
        var server = (FtpServer)Assert.Single(started).BaseObject;
        try
        {
            using var local = new TempDirectory("ftplite-s3-interop-");
            var big = TestData.Bytes(9 * MiB + 3, 21);
            var small = TestData.Bytes(4096, 22);
            var bigFile = local.WriteFile("big.bin", big);
            var smallFile = local.WriteFile("small.bin", small);
            var url = $"ftp://127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}/";

            // Two parts at the default 8 MiB: a multipart upload; curl makes the folder first (MKD: a marker).
            await CurlAsync("--ftp-create-dirs", "--upload-file", bigFile, url + "in/big.bin");
            Assert.Equal(big, await store.GetAsync("in/big.bin"));
            await LftpAsync(server.Port, $"put {smallFile} -o in/small.bin");
            Assert.Equal(small, await store.GetAsync("in/small.bin"));

            var listing = await CurlAsync(url + "in/");
            ListingAssert.HasUnixFile(listing.StandardOutput, "big.bin", big.Length);
            ListingAssert.HasUnixFile(listing.StandardOutput, "small.bin", small.Length);

            var copy = local.Combine("copy.bin");
            await CurlAsync("--output", copy, url + "in/big.bin");
            Assert.Equal(big, File.ReadAllBytes(copy));
            var resumed = local.WriteFile("resumed.bin", big[..3_000_000]);
            await CurlAsync("--continue-at", "-", "--output", resumed, url + "in/big.bin");
            Assert.Equal(big, File.ReadAllBytes(resumed));
            var smallCopy = local.Combine("small-copy.bin");
            await LftpAsync(server.Port, $"get in/small.bin -o {smallCopy}");
            Assert.Equal(small, File.ReadAllBytes(smallCopy));

            await CurlAsync("--append", "--upload-file", smallFile, url + "in/big.bin");
            Assert.Equal(big.Concat(small).ToArray(), await store.GetAsync("in/big.bin"));

            await LftpAsync(server.Port, "mv in/small.bin in/renamed.bin; rm in/renamed.bin");
            Assert.Equal(["in/", "in/big.bin"], (await store.KeysAsync()).Order(StringComparer.Ordinal));
            Assert.Empty(await store.MultipartUploadsAsync());
        }
        finally
        {
            shell.Run("$args[0] | Stop-FtpLiteServer", server);
        }
    }

    [Fact]
    public async Task Stopping_a_server_started_on_S3_disposes_its_S3_client()
    {
        var bucket = await gateway.BucketAsync(GetType());
        using var shell = new HostedPowerShell();
        var server = (FtpServer)Assert.Single(shell.Run(StartOnS3, bucket, "dispose", gateway.Endpoint.ToString(), gateway.AccessKey, gateway.SecretKey)).BaseObject;
        var fileSystem = server.Options.FileSystem;
        Assert.Empty(await fileSystem.ListAsync("/", default).ToListAsync());

        shell.Run("$args[0] | Stop-FtpLiteServer", server);

        Assert.Empty(shell.Errors);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => fileSystem.ListAsync("/", default).ToListAsync().AsTask());
    }

    /// <summary>
    /// -S3FolderSeenSec reaches the store: two servers on one prefix (two nodes); B makes a folder (so B has seen it),
    /// A removes it, and B's upload into it then gets 550 because B asks the store (0 s), where the default 2 s
    /// memory would take the upload and make the folder exist again.
    /// </summary>
    [Fact]
    public async Task With_S3FolderSeenSec_0_a_node_asks_the_store_whether_a_folder_another_node_removed_is_there()
    {
        using var store = await S3TestStore.CreateAsync(gateway, GetType());
        using var shell = new HostedPowerShell();
        var args = new object[] { store.Bucket, store.Prefix, gateway.Endpoint.ToString(), gateway.AccessKey, gateway.SecretKey };
        var nodeA = (FtpServer)Assert.Single(shell.Run(StartOnS3, args)).BaseObject;
        var nodeB = (FtpServer)Assert.Single(shell.Run(StartOnS3 + " -S3FolderSeenSec 0", args)).BaseObject;
        Assert.Empty(shell.Errors);
        try
        {
            await using var b = await RawFtp.ConnectAsync(nodeB.Port);
            await using var a = await RawFtp.ConnectAsync(nodeA.Port);
            Assert.Equal(257, (await b.SendAsync("MKD d")).Code);
            Assert.Equal(250, (await a.SendAsync("RMD d")).Code);

            // The file system is asked only once the data connection is open (after the 150), so the 550 is the final reply.
            using var data = await b.OpenDataAsync();
            Assert.Equal(150, (await b.SendAsync("STOR d/x.bin")).Code);
            Assert.Equal(550, (await b.ReadAsync()).Code);
            Assert.Empty(await store.KeysAsync());
        }
        finally
        {
            shell.Run("$args | Stop-FtpLiteServer", nodeA, nodeB);
        }
    }

    [Theory]
    [InlineData("missing bucket", "does not exist")]
    [InlineData("wrong secret", "refused")]
    public async Task A_store_that_cannot_be_used_stops_the_start_with_FtpLite_S3Unavailable(string problem, string said)
    {
        var bucket = problem == "missing bucket" ? "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8] : await gateway.BucketAsync(GetType());
        var secret = problem == "wrong secret" ? "wrong" : gateway.SecretKey;
        using var shell = new HostedPowerShell();

        var started = shell.Run(StartOnS3, bucket, "p", gateway.Endpoint.ToString(), gateway.AccessKey, secret);

        Assert.Empty(started);
        var error = Assert.Single(shell.Errors);
        Assert.Equal("FtpLite.S3Unavailable,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand", error.FullyQualifiedErrorId);
        Assert.Contains(said, error.Exception.Message, StringComparison.Ordinal);
    }

    private static Task<CommandResult> CurlAsync(params string[] arguments) =>
        ExternalCommand.RunCheckedAsync("curl", ["--silent", "--show-error", "--fail", "--max-time", "60", .. arguments]);

    private static Task<CommandResult> LftpAsync(int port, string commands) =>
        ExternalCommand.RunCheckedAsync("lftp",
        [
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-e", $"set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 15; {commands}; bye",
            "127.0.0.1",
        ]);
}
