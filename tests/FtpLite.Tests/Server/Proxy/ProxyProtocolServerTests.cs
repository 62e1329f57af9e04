using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FtpLite.Protocol;
using FtpLite.Server;
using FtpLite.Server.Proxy;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Proxy;

/// <summary>
/// The server behind a balancer that speaks the PROXY protocol, played by the test from 127.0.0.1 (the listed
/// balancer) naming clients on other loopback addresses: the real client is what every check sees.
/// </summary>
public sealed class ProxyProtocolServerTests
{
    private static readonly IPAddress Balancer = IPAddress.Loopback;
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.5");
    private static readonly IPAddress OtherClient = IPAddress.Parse("127.0.0.6");

    private static Task<ServerFixture> StartAsync(ConcurrentQueue<FtpServerEvent> events, string balancers = "127.0.0.1",
        Func<FtpServerOptions, FtpServerOptions>? more = null) =>
        ServerFixture.StartAsync(fs =>
        {
            var options = new FtpServerOptions
            {
                Port = 0,
                FileSystem = fs,
                ProxyProtocolFrom = BalancerList.Parse([balancers]),
                Log = events.Enqueue,
            };
            return more?.Invoke(options) ?? options;
        });

    private static byte[] V1(IPAddress client, int port) => Encoding.ASCII.GetBytes($"PROXY TCP4 {client} 127.0.0.1 {port} 21\r\n");

    private static byte[] V2(IPAddress client, int port) =>
        ProxyHeaderParserTests.V2(0x21, 0x11, ProxyHeaderParserTests.Inet4(client.ToString(), port, "127.0.0.1", 21));

    private static async Task<RawFtp> LoginThroughBalancerAsync(int port, byte[] header)
    {
        var (raw, greeting) = await RawFtp.OpenWithPreambleAsync(Balancer, port, header);
        Assert.Equal(220, greeting.Code);
        Assert.Equal(331, (await raw.SendAsync("USER anonymous")).Code);
        Assert.Equal(230, (await raw.SendAsync("PASS test@")).Code);
        return raw;
    }

    /// <summary>PASV, then a data connection from <paramref name="from"/>, as a client behind the balancer opens it.</summary>
    private static async Task<FtpReply> ListWithDataFromAsync(RawFtp raw, IPAddress from)
    {
        var pasv = await raw.SendAsync("PASV");
        Assert.Equal(227, pasv.Code);
        using var data = new TcpClient(new IPEndPoint(from, 0));
        await data.ConnectAsync(PassiveReply.ParsePasv(pasv.Message));
        var first = await raw.SendAsync("LIST");
        if (first.Code >= 400)
        {
            return first;
        }

        await data.GetStream().CopyToAsync(Stream.Null);
        return await raw.ReadAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_real_client_is_what_stat_the_log_and_the_passive_check_see(int version)
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await StartAsync(events);
        await using var raw = await LoginThroughBalancerAsync(server.Port, version == 1 ? V1(Client, 40001) : V2(Client, 40001));

        var stat = await raw.SendAsync("STAT");
        Assert.Contains("Connected from 127.0.0.5:40001", stat.Message, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Kind == FtpServerEventKind.Connected && Equals(e.RemoteEndPoint, IPEndPoint.Parse("127.0.0.5:40001"))
            && e.Message.Contains("through the balancer 127.0.0.1", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == FtpServerEventKind.LoginSucceeded && e.Message.Contains("127.0.0.5:40001", StringComparison.Ordinal));

        // Data connections come straight from the client, not through the balancer.
        Assert.Equal(226, (await ListWithDataFromAsync(raw, Client)).Code);
        var fromBalancer = await ListWithDataFromAsync(raw, Balancer);
        Assert.Equal(425, fromBalancer.Code);
    }

    [Fact]
    public async Task Epsv_through_a_balancer_is_refused_so_clients_use_pasv()
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await StartAsync(events);
        await using (var raw = await LoginThroughBalancerAsync(server.Port, V2(Client, 40002)))
        {
            Assert.Equal(502, (await raw.SendAsync("EPSV")).Code);
        }

        // A direct client (127.0.0.2 is not a balancer) keeps EPSV.
        var (direct, greeting) = await RawFtp.OpenFromAsync(IPAddress.Parse("127.0.0.2"), server.Port);
        await using (direct)
        {
            Assert.Equal(220, greeting.Code);
            Assert.Equal(331, (await direct.SendAsync("USER anonymous")).Code);
            Assert.Equal(230, (await direct.SendAsync("PASS x")).Code);
            Assert.Equal(229, (await direct.SendAsync("EPSV")).Code);
        }
    }

    [Fact]
    public async Task The_per_address_limit_counts_real_clients_not_the_balancer()
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await StartAsync(events, more: o => new FtpServerOptions
        {
            Port = 0, FileSystem = o.FileSystem, ProxyProtocolFrom = o.ProxyProtocolFrom, Log = o.Log, MaxConnectionsPerIP = 1,
        });
        await using var first = await LoginThroughBalancerAsync(server.Port, V1(Client, 40003));
        var (second, refused) = await RawFtp.OpenWithPreambleAsync(Balancer, server.Port, V2(Client, 40004));
        await using (second)
        {
            Assert.Equal(421, refused.Code);
        }

        Assert.Contains(events, e => e.Kind == FtpServerEventKind.Rejected && Equals(e.RemoteEndPoint, IPEndPoint.Parse("127.0.0.5:40004")));
        await using var other = await LoginThroughBalancerAsync(server.Port, V2(OtherClient, 40005));
    }

    [Fact]
    public async Task Failed_logins_ban_the_real_client_and_not_the_balancer()
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await StartAsync(events, more: o => new FtpServerOptions
        {
            Port = 0, FileSystem = o.FileSystem, ProxyProtocolFrom = o.ProxyProtocolFrom, Log = o.Log,
            Users = [new NetworkCredential("alice", "s3cret-pass")], FailedLoginDelay = TimeSpan.Zero, MaxLoginFailures = 100,
            LoginBanThreshold = 3, TimeProvider = new ManualClock(),
        });
        var (guesser, greeting) = await RawFtp.OpenWithPreambleAsync(Balancer, server.Port, V1(Client, 40006));
        await using (guesser)
        {
            Assert.Equal(220, greeting.Code);
            for (var guess = 1; guess <= 3; guess++)
            {
                Assert.Equal(331, (await guesser.SendAsync("USER alice")).Code);
                Assert.Equal(guess < 3 ? 530 : 421, (await guesser.SendAsync($"PASS guess-{guess}")).Code);
            }
        }

        var (again, banned) = await RawFtp.OpenWithPreambleAsync(Balancer, server.Port, V2(Client, 40007));
        await using (again)
        {
            Assert.Equal(421, banned.Code);
            Assert.Contains("banned", banned.Message, StringComparison.Ordinal);
        }

        Assert.Contains(events, e => e.Kind == FtpServerEventKind.Banned && e.Message.StartsWith("127.0.0.5 banned", StringComparison.Ordinal));
        var (user, welcome) = await RawFtp.OpenWithPreambleAsync(Balancer, server.Port, V2(OtherClient, 40008));
        await using (user)
        {
            Assert.Equal(220, welcome.Code);
            Assert.Equal(331, (await user.SendAsync("USER alice")).Code);
            Assert.Equal(230, (await user.SendAsync("PASS s3cret-pass")).Code);
        }
    }

    [Fact]
    public async Task Ftp_commands_sent_along_with_the_header_are_served()
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await StartAsync(events);
        var (raw, greeting) = await RawFtp.OpenWithPreambleAsync(Balancer, server.Port, [.. V2(Client, 40009), .. "USER anonymous\r\nPASS x\r\nSTAT\r\n"u8]);
        await using (raw)
        {
            Assert.Equal(220, greeting.Code);
            Assert.Equal(331, (await raw.ReadAsync()).Code);
            Assert.Equal(230, (await raw.ReadAsync()).Code);
            Assert.Contains("Connected from 127.0.0.5:40009", (await raw.ReadAsync()).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("local")]
    [InlineData("unknown")]
    public async Task A_health_check_keeps_the_balancers_own_address(string kind)
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await StartAsync(events);
        byte[] header = kind == "local" ? ProxyHeaderParserTests.V2(0x20, 0x00, []) : "PROXY UNKNOWN\r\n"u8.ToArray();
        await using var raw = await LoginThroughBalancerAsync(server.Port, header);
        Assert.Contains("Connected from 127.0.0.1:", (await raw.SendAsync("STAT")).Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[]> NoValidHeader => new()
    {
        { "an FTP command instead", "USER anonymous\r\n"u8.ToArray() },
        { "a bad v1 port", "PROXY TCP4 127.0.0.5 127.0.0.1 99999 21\r\n"u8.ToArray() },
        { "a UNIX-socket v2 client", ProxyHeaderParserTests.V2(0x21, 0x31, new byte[216]) },
        { "a truncated v2 header, then the end", ProxyHeaderParserTests.V2(0x21, 0x11, new byte[12])[..20] },
    };

    [Theory]
    [MemberData(nameof(NoValidHeader))]
    public async Task A_listed_balancer_without_a_valid_header_is_closed_unanswered(string why, byte[] preamble)
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await StartAsync(events);
        using var tcp = new TcpClient(new IPEndPoint(Balancer, 0));
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(preamble);
        tcp.Client.Shutdown(SocketShutdown.Send);

        var said = await ReadUntilClosedAsync(stream);
        Assert.True(said.Length == 0, $"{why}: the server said '{said}'");
        await Eventually.TrueAsync(() => events.Any(e => e.Kind == FtpServerEventKind.Rejected
            && e.Message.Contains("must begin with a valid PROXY protocol header", StringComparison.Ordinal)), "the refusal is logged");
    }

    [Fact]
    public async Task A_listed_balancer_that_sends_nothing_is_closed_at_the_header_deadline()
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await StartAsync(events, more: o => new FtpServerOptions
        {
            Port = 0, FileSystem = o.FileSystem, ProxyProtocolFrom = o.ProxyProtocolFrom, Log = o.Log, ProxyHeaderTimeout = TimeSpan.FromMilliseconds(300),
        });
        using var tcp = new TcpClient(new IPEndPoint(Balancer, 0));
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        Assert.Equal(string.Empty, await ReadUntilClosedAsync(tcp.GetStream()));
        Assert.Contains(events, e => e.Kind == FtpServerEventKind.Rejected && e.Message.Contains("within 0.3 s", StringComparison.Ordinal));
    }

    /// <summary>What the server says until it closes: no 220, no 421. A reset (our bytes unread) is a close too.</summary>
    private static async Task<string> ReadUntilClosedAsync(NetworkStream stream)
    {
        using var said = new MemoryStream();
        try
        {
            await stream.CopyToAsync(said).WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (IOException)
        {
        }

        return Encoding.ASCII.GetString(said.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_header_from_an_unlisted_address_is_refused(int version)
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var server = await StartAsync(events, balancers: "127.0.0.3");
        var (raw, greeting) = await RawFtp.OpenWithPreambleAsync(Client, server.Port, version == 1 ? V1(OtherClient, 40010) : V2(OtherClient, 40010));
        await using (raw)
        {
            Assert.Equal(220, greeting.Code);
            FtpReply reply;
            do
            {
                // v2's signature reads as two empty lines first ("500 Empty command."), then is spotted.
                reply = await raw.ReadAsync();
            }
            while (reply.Code == 500);

            Assert.Equal(421, reply.Code);
            await Assert.ThrowsAsync<FtpLite.FtpConnectionException>(() => raw.ReadAsync());
        }

        Assert.Contains(events, e => e.Kind == FtpServerEventKind.Rejected && Equals(e.RemoteEndPoint?.Address, Client)
            && e.Message.Contains("not a listed balancer", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => Equals(e.RemoteEndPoint?.Address, OtherClient));
    }
}
