using System.Collections.Concurrent;
using System.Net;
using FtpLite.FileSystem;
using FtpLite.Server;
using FtpLite.Server.Proxy;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// FtpLite's server behind a real HAProxy (TCP mode, send-proxy and send-proxy-v2) on loopback, with curl
/// connecting from 127.0.0.5: the server must see 127.0.0.5, not HAProxy, and serve its data connections.
/// </summary>
public sealed class HaproxyAgainstServerTests
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.5");

    [Theory]
    [InlineData("send-proxy")]
    [InlineData("send-proxy-v2")]
    public async Task Curl_through_haproxy_is_seen_as_the_real_client(string sendProxy)
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            ProxyProtocolFrom = BalancerList.Parse(["127.0.0.1"]),
            Log = events.Enqueue,
        });
        await using var haproxy = await Haproxy.StartAsync(IPAddress.Loopback, [new IPEndPoint(IPAddress.Loopback, server.Port)], sendProxy);
        using var local = new TempDirectory("ftplite-haproxy-curl-");
        var content = TestData.Bytes(300_000, seed: 16);
        var source = local.WriteFile("source.bin", content);
        var url = $"ftp://{haproxy.Frontend}/through.bin";

        await CurlAsync("--upload-file", source, url);
        Assert.Equal(content, File.ReadAllBytes(server.Root.Combine("through.bin")));
        var copy = local.Combine("copy.bin");
        await CurlAsync("--output", copy, url);
        Assert.Equal(content, File.ReadAllBytes(copy));

        var logins = events.Where(e => e.Kind == FtpServerEventKind.LoginSucceeded).ToList();
        Assert.Equal(2, logins.Count);
        Assert.All(logins, e => Assert.Equal(Client, e.RemoteEndPoint!.Address));
        Assert.DoesNotContain(events, e => e.Kind is FtpServerEventKind.Rejected or FtpServerEventKind.TransferFailed or FtpServerEventKind.Error);
    }

    [Fact]
    public async Task The_documented_haproxy_configuration_is_valid()
    {
        var example = Path.Combine(PeerServer.PeersDirectory, "..", "..", "docs", "haproxy.cfg");
        var check = await Haproxy.CheckAsync(example);
        Assert.True(check.ExitCode == 0, check.Describe());
    }

    private static Task<CommandResult> CurlAsync(params string[] arguments) =>
        ExternalCommand.RunCheckedAsync("curl", ["--silent", "--show-error", "--fail", "--max-time", "30", "--interface", Client.ToString(), .. arguments]);
}
