using System.Management.Automation;
using System.Net;
using FtpLite.FileSystem;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// Issue 16 item 2: two FtpLite nodes (127.0.0.2, 127.0.0.3) on one folder behind HAProxy (127.0.0.1, round
/// robin, send-proxy-v2). Clients upload through the balancer; every node reads the files back byte for byte.
/// </summary>
public sealed class SeveralNodesTests
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.5");

    [Fact]
    public async Task Curl_and_the_cmdlets_upload_through_the_balancer_and_every_node_reads_them_back()
    {
        await using var cluster = await FtpCluster.StartAsync();
        using var local = new TempDirectory("ftplite-cluster-client-");
        var files = new Dictionary<string, byte[]>
        {
            ["by-curl.bin"] = TestData.Bytes(700_000, seed: 1),
            ["by-cmdlet-1.bin"] = TestData.Bytes(300_003, seed: 3),
            ["by-cmdlet-2.bin"] = TestData.Bytes(1, seed: 4),
        };
        foreach (var (name, content) in files)
        {
            local.WriteFile(name, content);
        }

        var balancer = cluster.Balancer.Frontend;

        // curl ignores PASV addresses unless told (--no-ftp-skip-pasv-ip); --interface makes it 127.0.0.5.
        await ExternalCommand.RunCheckedAsync("curl",
        [
            "--silent", "--show-error", "--fail", "--max-time", "30", "--interface", Client.ToString(), "--no-ftp-skip-pasv-ip",
            "--upload-file", local.Combine("by-curl.bin"), $"ftp://{balancer}/by-curl.bin",
        ]);
        // lftp has its own test (nodes on 127.0.0.1): it takes 127.0.0.2 and .3 in a PASV reply for broken addresses.

        // Each cmdlet upload is its own session: round robin spreads them over the nodes.
        using var shell = new HostedPowerShell(local.Path);
        foreach (var name in new[] { "by-cmdlet-1.bin", "by-cmdlet-2.bin" })
        {
            shell.Run("$s = Connect-FtpLite -ComputerName $args[0] -Port $args[1] -UsePassiveAddress; Send-FtpLiteFile -LiteralPath $args[2] -Session $s; Disconnect-FtpLite -Session $s",
                balancer.Address.ToString(), balancer.Port, name);
            Assert.Empty(shell.Errors);
        }

        for (var node = 0; node < cluster.Nodes.Count; node++)
        {
            foreach (var (name, content) in files)
            {
                Assert.Equal(content, await cluster.ReadFromNodeAsync(node, "/" + name));
            }
        }

        // Both nodes served uploads, and saw curl as 127.0.0.5, never as the balancer.
        Assert.All(cluster.Events, log => Assert.Contains(log, e => e.Kind == FtpServerEventKind.Upload));
        var curlLogins = cluster.Events.SelectMany(log => log).Where(e => e.Kind == FtpServerEventKind.LoginSucceeded && Equals(e.RemoteEndPoint?.Address, Client));
        Assert.Single(curlLogins);
        Assert.DoesNotContain(cluster.Events.SelectMany(log => log), e => e.Kind is FtpServerEventKind.Rejected or FtpServerEventKind.TransferFailed or FtpServerEventKind.Error);
    }

    /// <summary>
    /// lftp's side of docs/scaling.md: PASV (its default, ftp:prefer-epsv no), the node's address taken as given.
    /// On loopback the nodes share 127.0.0.1 (lftp 4.9 replaces any other 127.x PASV address, whatever
    /// ftp:fix-pasv-address says); ftp:fix-pasv-address no is what a real deployment whose balancer and nodes sit in
    /// different kinds of network (public and private) needs, and it is set here as the documented line is.
    /// </summary>
    [Fact]
    public async Task Lftp_uploads_and_downloads_through_the_balancer_with_the_documented_settings()
    {
        await using var cluster = await FtpCluster.StartAsync(nodeAddress: IPAddress.Loopback);
        using var local = new TempDirectory("ftplite-cluster-lftp-");
        var first = local.WriteFile("first.bin", TestData.Bytes(500_000, seed: 41));
        var second = local.WriteFile("second.bin", TestData.Bytes(70_001, seed: 42));
        var balancer = cluster.Balancer.Frontend;

        // Two sessions, so round robin gives each node one upload; then one downloads both back.
        foreach (var file in new[] { first, second })
        {
            await LftpAsync(balancer, $"put {file} -o {Path.GetFileName(file)}");
        }

        await LftpAsync(balancer, $"get first.bin -o {local.Combine("first.back")}; get second.bin -o {local.Combine("second.back")}");

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(local.Combine("first.back")));
        Assert.Equal(File.ReadAllBytes(second), File.ReadAllBytes(local.Combine("second.back")));
        for (var node = 0; node < cluster.Nodes.Count; node++)
        {
            Assert.Equal(File.ReadAllBytes(second), await cluster.ReadFromNodeAsync(node, "/second.bin"));
        }

        Assert.All(cluster.Events, log => Assert.Contains(log, e => e.Kind == FtpServerEventKind.Upload));
    }

    private static Task<CommandResult> LftpAsync(IPEndPoint balancer, string commands) =>
        ExternalCommand.RunCheckedAsync("lftp",
        [
            "-p", balancer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-e", $"set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 15; set ftp:prefer-epsv no; set ftp:fix-pasv-address no; {commands}; bye",
            balancer.Address.ToString(),
        ]);

    [Fact]
    public async Task A_node_stopped_mid_upload_leaves_nothing_partial_and_resume_through_the_balancer_finishes_on_the_other()
    {
        var stalling = new List<StallingFileSystem>();
        await using var cluster = await FtpCluster.StartAsync(storageFor: (_, root) =>
        {
            var node = new StallingFileSystem(new DiskFileSystem(root));
            stalling.Add(node);
            return node;
        });
        using var local = new TempDirectory("ftplite-cluster-client-");
        var content = TestData.Bytes(8 * 1024 * 1024, seed: 16);
        local.WriteFile("big.bin", content);
        using var shell = new HostedPowerShell(local.Path);
        var balancer = cluster.Balancer.Frontend;
        shell.Run("$null = Connect-FtpLite -ComputerName $args[0] -Port $args[1] -UsePassiveAddress", balancer.Address.ToString(), balancer.Port);

        // The upload reaches one node and stalls there after its first chunk; that node then stops.
        using var upload = shell.Create("Send-FtpLiteFile ./big.bin -ErrorAction Continue");
        var running = upload.BeginInvoke();
        var stalled = await Task.WhenAny(stalling.Select(s => s.Stalled)).WaitAsync(TimeSpan.FromSeconds(20));
        var dying = stalling.FindIndex(s => s.Stalled == stalled);
        var survivor = 1 - dying;
        stalling[survivor].Release();
        await cluster.Nodes[dying].StopAsync();
        await Task.Factory.FromAsync(running, upload.EndInvoke).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(upload.HadErrors, "the upload to the stopped node failed");

        // Nothing partial is visible from the other node, and nothing is left in the folder.
        await using (var client = await cluster.ConnectToNodeAsync(survivor))
        {
            Assert.Empty(await client.ListDirectoryAsync("/"));
        }

        Assert.Empty(Directory.GetFileSystemEntries(cluster.Root.Path));

        // The client reconnects through the balancer, which passes over the stopped node, and resumes.
        shell.Run("Send-FtpLiteFile ./big.bin -Resume");
        Assert.Empty(shell.Errors);
        Assert.Equal(content, await cluster.ReadFromNodeAsync(survivor, "/big.bin"));
        Assert.Contains(cluster.Events[survivor], e => e.Kind == FtpServerEventKind.Upload && e.Path == "/big.bin");
    }
}
