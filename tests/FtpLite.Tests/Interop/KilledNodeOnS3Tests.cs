using System.Net;
using System.Net.Sockets;
using Amazon.S3.Model;
using FtpLite.Client;
using FtpLite.Protocol;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// Issue 16 item 3, on S3: two FtpLite node processes (Start-FtpLiteServer in child pwsh processes) serve one
/// Ceph bucket behind HAProxy; the node that takes an upload through the balancer is killed with SIGKILL in the
/// middle of it, with parts already stored. Nothing partial is listed from the other node; the resumed upload
/// through the balancer finishes there byte for byte; the killed node, started again, aborts the orphan
/// multipart upload it left (its start-up clean-up), so ListMultipartUploads is empty.
/// </summary>
[Collection(UsesCephS3.Name)]
public sealed class KilledNodeOnS3Tests(CephS3Gateway gateway)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_node_killed_mid_upload_leaves_nothing_listed_resume_finishes_on_the_other_and_its_restart_aborts_the_orphan()
    {
        using var store = await S3TestStore.CreateAsync(gateway, GetType());
        IPEndPoint[] endPoints = [new(IPAddress.Parse("127.0.0.2"), FreePort.Next()), new(IPAddress.Parse("127.0.0.3"), FreePort.Next())];
        int[] passive = [FreePort.Pair(), FreePort.Pair()];

        // Every node aborts at start whatever upload is unfinished (age 0): no other node uploads while one starts here.
        Task<FtpNodeProcess> StartNode(int i) => FtpNodeProcess.StartAsync(endPoints[i], passive[i], gateway, store.Bucket, store.Prefix, staleUploadAgeSec: 0);
        var nodes = new[] { await StartNode(0), await StartNode(1) };
        try
        {
            await using var balancer = await Haproxy.StartAsync(IPAddress.Loopback, endPoints, source: FtpCluster.BalancerSource);
            var content = TestData.Bytes(24 * MiB + 5, seed: 31);

            // A raw upload through the balancer: PASV names the node that took the session.
            var dying = -1;
            await using (var control = await RawFtp.ConnectAsync(balancer.Frontend.Port))
            {
                Assert.Equal(200, (await control.SendAsync("TYPE I")).Code);
                var pasv = await control.SendAsync("PASV");
                Assert.Equal(227, pasv.Code);
                var dataEndPoint = PassiveReply.ParsePasv(pasv.Message);
                dying = Array.FindIndex(endPoints, e => e.Address.Equals(dataEndPoint.Address));
                Assert.InRange(dying, 0, 1);
                using var data = new TcpClient();
                await data.ConnectAsync(dataEndPoint);
                Assert.Equal(150, (await control.SendAsync("STOR big.bin")).Code);

                // 20 of the 24 MiB go out; the kill comes once the store holds a part of them (8 MiB parts).
                var sending = data.GetStream().WriteAsync(content.AsMemory(0, 20 * MiB)).AsTask();
                var deadline = DateTime.UtcNow.AddSeconds(120);
                while (await StoredPartsAsync(store, "big.bin") == 0)
                {
                    Assert.True(DateTime.UtcNow < deadline, "The node never stored a part of the upload.");
                    await Task.Delay(50);
                }

                await nodes[dying].KillAsync();
                try
                {
                    await sending;
                }
                catch (IOException)
                {
                    // The connection died with the node, as it should.
                }
            }

            var survivor = 1 - dying;

            // Nothing partial is listed from the other node or stored under the name; the parts wait as an orphan.
            await using (var client = await FtpClient.ConnectAsync(new FtpClientOptions { Host = endPoints[survivor].Address.ToString(), Port = endPoints[survivor].Port, Timeout = TimeSpan.FromSeconds(30) }))
            {
                Assert.Empty(await client.ListDirectoryAsync("/"));
            }

            Assert.Empty(await store.KeysAsync());
            Assert.Equal(["big.bin"], await store.MultipartUploadsAsync());

            // -Resume through the balancer, which passes over the dead node: it finishes on the survivor.
            using var local = new TempDirectory("ftplite-killed-node-");
            local.WriteFile("big.bin", content);
            using var shell = new HostedPowerShell(local.Path);
            shell.Run("$null = Connect-FtpLite -ComputerName $args[0] -Port $args[1] -UsePassiveAddress; Send-FtpLiteFile ./big.bin -Resume",
                balancer.Frontend.Address.ToString(), balancer.Frontend.Port);
            Assert.Empty(shell.Errors);
            Assert.Equal(content, await store.GetAsync("big.bin"));

            // The killed node, started again, aborts the upload it left behind; it serves the finished file.
            await nodes[dying].DisposeAsync();
            nodes[dying] = await StartNode(dying);
            Assert.Empty(await store.MultipartUploadsAsync());
            await using (var client = await FtpClient.ConnectAsync(new FtpClientOptions { Host = endPoints[dying].Address.ToString(), Port = endPoints[dying].Port, Timeout = TimeSpan.FromSeconds(30) }))
            {
                using var copy = new MemoryStream();
                await client.DownloadAsync("/big.bin", copy);
                Assert.Equal(content, copy.ToArray());
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>How many parts the store holds of the unfinished upload of <paramref name="name"/>.</summary>
    private static async Task<int> StoredPartsAsync(S3TestStore store, string name)
    {
        var uploads = await store.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = store.Bucket, Prefix = store.Prefix + name });
        var total = 0;
        foreach (var upload in uploads.MultipartUploads ?? [])
        {
            var parts = await store.Client.ListPartsAsync(new ListPartsRequest { BucketName = store.Bucket, Key = upload.Key, UploadId = upload.UploadId });
            total += parts.Parts?.Count ?? 0;
        }

        return total;
    }
}
