using System.Collections.Concurrent;
using System.Net;
using FtpLite.Client;
using FtpLite.FileSystem;
using FtpLite.Server;
using FtpLite.Server.Proxy;

namespace FtpLite.Tests.Support;

/// <summary>
/// Several FtpLite nodes behind a real HAProxy on loopback, as docs/scaling.md describes: node i listens on
/// 127.0.0.(2+i) with its own passive address and port range, trusts the balancer for PROXY v2 headers, and
/// serves the same storage. Clients reach the balancer at 127.0.0.1; it reaches the nodes from its own
/// address, 127.0.0.10, so a test's direct connection to a node (from 127.0.0.1) is an ordinary client's. The storage is the caller's (<c>storageFor</c>): the disk folder
/// <see cref="Root"/> by default; an S3 bucket plugs in the same way, one file system per node over one bucket.
/// </summary>
public sealed class FtpCluster : IAsyncDisposable
{
    /// <summary>The address the balancer connects to the nodes from, the one they trust for PROXY headers.</summary>
    public static readonly IPAddress BalancerSource = IPAddress.Parse("127.0.0.10");

    private FtpCluster(TempDirectory root, IReadOnlyList<FtpServer> nodes, IReadOnlyList<ConcurrentQueue<FtpServerEvent>> events, Haproxy balancer)
    {
        Root = root;
        Nodes = nodes;
        Events = events;
        Balancer = balancer;
    }

    /// <summary>The shared folder the disk nodes serve.</summary>
    public TempDirectory Root { get; }

    public IReadOnlyList<FtpServer> Nodes { get; }

    /// <summary>What each node logged.</summary>
    public IReadOnlyList<ConcurrentQueue<FtpServerEvent>> Events { get; }

    public Haproxy Balancer { get; }

    /// <param name="nodeCount">How many nodes (2 or 3 fit the loopback addresses used).</param>
    /// <param name="storageFor">The file system of node i over the shared root folder; the disk by default.</param>
    /// <param name="nodeAddress">
    /// One address for every node, told apart by port (their passive ranges differ too), instead of 127.0.0.(2+i):
    /// lftp 4.9 takes any 127.x address but 127.0.0.1 in a PASV reply for a broken one and dials the balancer instead.
    /// </param>
    public static async Task<FtpCluster> StartAsync(int nodeCount = 2, Func<int, string, IFtpFileSystem>? storageFor = null, IPAddress? nodeAddress = null)
    {
        var root = new TempDirectory("ftplite-cluster-");
        var nodes = new List<FtpServer>();
        var events = new List<ConcurrentQueue<FtpServerEvent>>();
        try
        {
            for (var i = 0; i < nodeCount; i++)
            {
                var address = nodeAddress ?? IPAddress.Parse($"127.0.0.{2 + i}");
                var log = new ConcurrentQueue<FtpServerEvent>();
                var passive = FreePort.Pair();
                var node = new FtpServer(new FtpServerOptions
                {
                    Address = address,
                    Port = 0,
                    FileSystem = storageFor?.Invoke(i, root.Path) ?? new DiskFileSystem(root.Path),
                    ProxyProtocolFrom = BalancerList.Parse([BalancerSource.ToString()]),
                    PassiveAddress = address,
                    PassivePortRange = (passive, passive + 1),
                    Log = log.Enqueue,
                });
                nodes.Add(node);
                events.Add(log);
                await node.StartAsync();
            }

            var balancer = await Haproxy.StartAsync(IPAddress.Loopback, [.. nodes.Select(n => new IPEndPoint(n.Address, n.Port))], source: BalancerSource);
            return new FtpCluster(root, nodes, events, balancer);
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            root.Dispose();
            throw;
        }
    }

    /// <summary>Connects FtpLite's client to node <paramref name="index"/> directly, not through the balancer.</summary>
    public Task<FtpClient> ConnectToNodeAsync(int index) =>
        FtpClient.ConnectAsync(new FtpClientOptions { Host = Nodes[index].Address.ToString(), Port = Nodes[index].Port, Timeout = TimeSpan.FromSeconds(20) });

    /// <summary>Downloads <paramref name="path"/> from node <paramref name="index"/> directly.</summary>
    public async Task<byte[]> ReadFromNodeAsync(int index, string path)
    {
        await using var client = await ConnectToNodeAsync(index);
        using var copy = new MemoryStream();
        await client.DownloadAsync(path, copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await Balancer.DisposeAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        Root.Dispose();
    }
}
