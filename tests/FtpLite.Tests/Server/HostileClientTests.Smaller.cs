using System.Net;
using System.Net.Sockets;
using System.Text;
using FtpLite.Protocol;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>Issue 12 items 10 and 6: TLS without fall-back, ASCII verbs, passive ports and same-address theft.</summary>
public sealed partial class HostileClientTests
{
    [Fact]
    public async Task A_failed_tls_handshake_after_auth_tls_closes_the_connection()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = fs, Certificate = TestCertificate.Certificate });
        await using var raw = await RawFtp.ConnectAsync(fixture.Port, login: false);
        Assert.Equal(234, (await raw.SendAsync("AUTH TLS")).Code);

        // Cleartext instead of a ClientHello: the handshake fails, and nothing more is said in cleartext.
        await raw.WriteLineAsync("USER anonymous");
        await Assert.ThrowsAsync<FtpLite.FtpConnectionException>(() => raw.ReadAsync());
    }

    [Theory]
    [InlineData("ſyst")] // long s: Unicode upper-casing makes it SYST
    [InlineData("l\u0131st")] // dotless i: Unicode upper-casing makes it LIST
    [InlineData("ＳＹＳＴ")]
    public async Task Verbs_are_ascii_only(string verb)
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(500, (await raw.SendAsync(verb)).Code);
        Assert.Equal(215, (await raw.SendAsync("syst")).Code);
        Assert.Equal(504, (await raw.SendAsync("TYPE \u0131")).Code); // dotless i is not I
    }

    [Theory]
    [InlineData("noop", 200)]
    [InlineData("NoOp", 200)]
    [InlineData("NOOP\t", 200)] // the word is trimmed
    [InlineData("XNOOPX", 500)]
    [InlineData("NOOPNOOPNOOPNOOP", 500)] // as long as the table's verbs are looked up without a string
    [InlineData("NOOPNOOPNOOPNOOPNOOPNOOPNOOPNOOPNOOPNOOPNOOPNOOPNOOPNOOP", 500)] // longer: made into a string
    [InlineData(" NOOP", 500)] // an empty first word
    public async Task Verbs_are_found_in_any_ascii_case_and_nothing_else_is(string line, int code)
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var reply = await raw.SendAsync(line);
        Assert.Equal(code, reply.Code);
        Assert.Contains(code == 500 ? (line.StartsWith(' ') ? "Empty command." : "Unknown command.") : "NOOP ok.", reply.Message, StringComparison.Ordinal);
        Assert.Equal(215, (await raw.SendAsync("syst")).Code);
    }

    [Fact]
    public async Task One_address_cannot_hold_a_small_passive_port_range()
    {
        var first = FreePort.Pair();
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = fs, PassivePortRange = (first, first + 1) });
        await using var one = await RawFtp.ConnectAsync(fixture.Port);
        await using var two = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(229, (await one.SendAsync("EPSV")).Code);
        Assert.Equal(425, (await two.SendAsync("EPSV")).Code);

        // Refreshing gives the address's own port back first, so the holder itself is not refused.
        Assert.Equal(229, (await one.SendAsync("EPSV")).Code);

        var (other, greeting) = await RawFtp.OpenFromAsync(IPAddress.Parse("127.0.0.2"), fixture.Port);
        await using (other)
        {
            Assert.Equal(220, greeting.Code);
            Assert.Equal(331, (await other.SendAsync("USER anonymous")).Code);
            Assert.Equal(230, (await other.SendAsync("PASS x@")).Code);
            Assert.Equal(227, (await other.SendAsync("PASV")).Code);
        }
    }

    [Fact]
    public async Task A_second_data_connection_from_the_same_address_means_nobody_gets_the_file()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("a.txt", Encoding.UTF8.GetBytes("private"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var port = PassiveReply.ParseEpsv((await raw.SendAsync("EPSV")).Message);

        // The thief shares the client's address and connects first; then the client connects.
        using var thief = new TcpClient();
        await thief.ConnectAsync(IPAddress.Loopback, port);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var reply = await raw.SendAsync("RETR a.txt");
        Assert.Equal(425, reply.Code);
        Assert.Contains("more than one", reply.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ReadAllAsync(thief));
        Assert.Equal(0, await ReadAllAsync(client));
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);

        // The next transfer with one data connection works.
        var (data, final, _) = await raw.ReceiveAsync("RETR a.txt");
        Assert.Equal(226, final.Code);
        Assert.Equal("private", Encoding.UTF8.GetString(data));
    }

    private static async Task<int> ReadAllAsync(TcpClient tcp)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var total = 0;
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await tcp.GetStream().ReadAsync(buffer, timeout.Token)) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
            // Reset by the server: nothing was sent.
        }

        return total;
    }
}
