using System.Net;
using System.Net.Sockets;
using FtpLite.Server.Proxy;

namespace FtpLite.Tests.Server.Proxy;

/// <summary>The header reader over a real loopback socket: exact reads, bounded time.</summary>
public sealed class ProxyHeaderReaderTests
{
    private static async Task<(Socket Client, Socket Server)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(listener.LocalEndPoint!);
        return (client, await listener.AcceptAsync());
    }

    private static async Task<string> ReadRestAsync(Socket socket, int count)
    {
        // What is left in the socket once the peer has sent everything: a read that over-took bytes finds fewer.
        var buffer = new byte[count];
        var have = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (have < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, read);
            have += read;
        }

        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_ftp_bytes_sent_with_the_header_stay_in_the_socket(int version)
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            byte[] header = version == 1
                ? "PROXY TCP4 127.0.0.5 127.0.0.1 40000 21\r\n"u8.ToArray()
                : ProxyHeaderParserTests.V2(0x21, 0x11, ProxyHeaderParserTests.Inet4("127.0.0.5", 40000, "127.0.0.1", 21));
            await client.SendAsync((byte[])[.. header, .. "USER anonymous\r\n"u8]);

            var result = await ProxyHeaderReader.ReadAsync(server, TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.Equal(ProxyParseStatus.Complete, result.Status);
            Assert.Equal(IPEndPoint.Parse("127.0.0.5:40000"), result.Header!.Source);
            client.Shutdown(SocketShutdown.Send);
            Assert.Equal("USER anonymous\r\n", await ReadRestAsync(server, 16));
        }
    }

    [Fact]
    public async Task A_header_sent_a_byte_at_a_time_is_read_whole()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            var header = "PROXY TCP6 2001:db8::5 2001:db8::1 40000 21\r\n"u8.ToArray();
            var reading = ProxyHeaderReader.ReadAsync(server, TimeSpan.FromSeconds(20), CancellationToken.None);
            foreach (var b in header)
            {
                await client.SendAsync(new[] { b });
            }

            var result = await reading;
            Assert.Equal(ProxyParseStatus.Complete, result.Status);
            Assert.Equal(IPEndPoint.Parse("[2001:db8::5]:40000"), result.Header!.Source);
        }
    }

    [Fact]
    public async Task A_connection_that_ends_inside_the_header_is_invalid()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            await client.SendAsync("PROXY TCP4 127.0.0.5"u8.ToArray());
            client.Shutdown(SocketShutdown.Send);
            var result = await ProxyHeaderReader.ReadAsync(server, TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.Equal(ProxyParseStatus.Invalid, result.Status);
            Assert.Contains("ended inside", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_balancer_that_sends_nothing_is_given_up_on_at_the_deadline()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            await client.SendAsync("PROXY TCP4"u8.ToArray());
            var result = await ProxyHeaderReader.ReadAsync(server, TimeSpan.FromMilliseconds(200), CancellationToken.None);
            Assert.Equal(ProxyParseStatus.Invalid, result.Status);
            Assert.Contains("within", result.Error, StringComparison.Ordinal);
        }
    }
}
