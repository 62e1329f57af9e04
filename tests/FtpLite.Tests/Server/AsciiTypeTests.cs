using System.Text;
using FtpLite.Server.Data;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>
/// TYPE A converts line ends as RFC 959 says: LF on disk, CRLF on the wire, both ways. TYPE I, the default,
/// moves the stored bytes untouched.
/// </summary>
public sealed class AsciiTypeTests
{
    private const string Mixed = "unix\nwindows\r\nlone\rcr\n\nend";

    [Fact]
    public async Task Retr_in_type_a_sends_each_lf_as_crlf()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("mixed.txt", Encoding.ASCII.GetBytes(Mixed));
        var big = ManyLines(20_000);
        fixture.Root.WriteFile("big.txt", Encoding.ASCII.GetBytes(big));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE A")).Code);

        var (mixed, final, first) = await raw.ReceiveAsync("RETR mixed.txt");
        Assert.Equal(226, final.Code);
        Assert.Contains("ASCII", first.Message, StringComparison.Ordinal);
        Assert.Equal("unix\r\nwindows\r\nlone\rcr\r\n\r\nend", Encoding.ASCII.GetString(mixed));

        var (sent, bigFinal, _) = await raw.ReceiveAsync("RETR big.txt");
        Assert.Equal(226, bigFinal.Code);
        Assert.Equal(big.Replace("\n", "\r\n", StringComparison.Ordinal), Encoding.ASCII.GetString(sent));
    }

    [Fact]
    public async Task Stor_and_appe_in_type_a_store_each_crlf_as_lf()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE A")).Code);

        await StoreAsync(raw, "STOR mixed.txt", "unix\nwindows\r\nlone\rcr\r\n\r\nend\r");
        Assert.Equal("unix\nwindows\nlone\rcr\n\nend\r", File.ReadAllText(fixture.Root.Combine("mixed.txt")));

        var big = ManyLines(20_000);
        await StoreAsync(raw, "STOR big.txt", big.Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(big, File.ReadAllText(fixture.Root.Combine("big.txt")));

        await StoreAsync(raw, "APPE mixed.txt", "more\r\n");
        Assert.Equal("unix\nwindows\nlone\rcr\n\nend\rmore\n", File.ReadAllText(fixture.Root.Combine("mixed.txt")));
    }

    [Fact]
    public async Task Type_i_and_a_session_that_never_sends_type_move_the_stored_bytes()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var stored = Encoding.ASCII.GetBytes(Mixed);
        fixture.Root.WriteFile("mixed.txt", stored);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        Assert.Equal(stored, (await raw.ReceiveAsync("RETR mixed.txt")).Data);
        await StoreAsync(raw, "STOR default.txt", Mixed);
        Assert.Equal(stored, File.ReadAllBytes(fixture.Root.Combine("default.txt")));

        Assert.Equal(200, (await raw.SendAsync("TYPE A")).Code);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var (data, final, first) = await raw.ReceiveAsync("RETR mixed.txt");
        Assert.Equal(226, final.Code);
        Assert.Contains("BINARY", first.Message, StringComparison.Ordinal);
        Assert.Equal(stored, data);
        await StoreAsync(raw, "STOR binary.txt", Mixed);
        Assert.Equal(stored, File.ReadAllBytes(fixture.Root.Combine("binary.txt")));
    }

    [Theory]
    [InlineData(true, "a\nb\r\nc\r", "a\r\nb\r\nc\r")]
    [InlineData(true, "\n\n\r\n\r\r\n", "\r\n\r\n\r\n\r\r\n")]
    [InlineData(false, "a\r\nb\r\r\nc\nd\r", "a\nb\r\nc\nd\r")]
    [InlineData(false, "\r\r\r\n\r\n", "\r\r\n\n")]
    public void Line_ends_split_across_reads_convert_the_same(bool toNetwork, string input, string expected)
    {
        // One byte a read on both sides: every CR sits at the end of a chunk, apart from the LF after it.
        using var source = new OneByteStream(Encoding.ASCII.GetBytes(input));
        using var converted = toNetwork ? AsciiLineEndStream.ToNetwork(source) : AsciiLineEndStream.FromNetwork(source);
        var output = new List<byte>();
        var one = new byte[1];
        while (converted.Read(one, 0, 1) == 1)
        {
            output.Add(one[0]);
        }

        Assert.Equal(expected, Encoding.ASCII.GetString([.. output]));
    }

    private static async Task StoreAsync(RawFtp raw, string command, string content)
    {
        using (var data = await raw.OpenDataAsync())
        {
            Assert.Equal(150, (await raw.SendAsync(command)).Code);
            await data.GetStream().WriteAsync(Encoding.ASCII.GetBytes(content));
        }

        Assert.Equal(226, (await raw.ReadAsync()).Code);
    }

    /// <summary>LF-terminated lines of varied length, well over one 32 KiB conversion chunk.</summary>
    private static string ManyLines(int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append('x', i % 17).Append(i).Append('\n');
        }

        return builder.ToString();
    }

    private sealed class OneByteStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(1, count));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);
    }
}
