using System.Net;
using System.Text;
using FtpLite.Server.Proxy;

namespace FtpLite.Tests.Server.Proxy;

/// <summary>The PROXY protocol parser against good headers and a hostile corpus.</summary>
public sealed class ProxyHeaderParserTests
{
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>A v2 header: signature, version/command byte, family/transport byte, length, payload.</summary>
    internal static byte[] V2(byte versionCommand, byte familyTransport, byte[] payload, int? declaredLength = null)
    {
        var length = declaredLength ?? payload.Length;
        return [.. Signature, versionCommand, familyTransport, (byte)(length >> 8), (byte)length, .. payload];
    }

    /// <summary>IPv4 addresses and ports of a v2 PROXY payload.</summary>
    internal static byte[] Inet4(string source, int sourcePort, string destination, int destinationPort) =>
        [.. IPAddress.Parse(source).GetAddressBytes(), .. IPAddress.Parse(destination).GetAddressBytes(),
            (byte)(sourcePort >> 8), (byte)sourcePort, (byte)(destinationPort >> 8), (byte)destinationPort];

    private static byte[] Inet6(string source, int sourcePort, string destination, int destinationPort) =>
        [.. IPAddress.Parse(source).GetAddressBytes(), .. IPAddress.Parse(destination).GetAddressBytes(),
            (byte)(sourcePort >> 8), (byte)sourcePort, (byte)(destinationPort >> 8), (byte)destinationPort];

    private static ProxyParseResult Parse(byte[] data) => ProxyHeaderParser.Parse(data);

    private static ProxyParseResult Parse(string text) => ProxyHeaderParser.Parse(Encoding.Latin1.GetBytes(text));

    [Theory]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n", "192.168.0.1:56324", "192.168.0.11:443")]
    [InlineData("PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n", "0.0.0.0:0", "255.255.255.255:65535")]
    [InlineData("PROXY TCP6 2001:db8::1 ::1 1 2\r\n", "[2001:db8::1]:1", "[::1]:2")]
    [InlineData("PROXY TCP6 ::ffff:127.0.0.5 ::1 40000 21\r\n", "[::ffff:127.0.0.5]:40000", "[::1]:21")]
    [InlineData("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n",
        "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535", "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535")]
    public void V1_headers_give_the_real_client(string header, string source, string destination)
    {
        var result = Parse(header);
        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal(header.Length, result.Length);
        Assert.True(header.Length <= ProxyHeaderParser.MaxV1Length);
        Assert.Equal(1, result.Header!.Version);
        Assert.Equal(IPEndPoint.Parse(source), result.Header.Source);
        Assert.Equal(IPEndPoint.Parse(destination), result.Header.Destination);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n")]
    [InlineData("PROXY UNKNOWN whatever the balancer says\r\n")]
    public void V1_unknown_keeps_the_balancers_own_address(string header)
    {
        var result = Parse(header);
        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal(header.Length, result.Length);
        Assert.Null(result.Header!.Source);
    }

    [Fact]
    public void Bytes_after_the_header_are_not_part_of_it()
    {
        var result = Parse("PROXY TCP4 10.0.0.1 10.0.0.2 1000 21\r\nUSER anonymous\r\n");
        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal("PROXY TCP4 10.0.0.1 10.0.0.2 1000 21\r\n".Length, result.Length);

        var v2 = V2(0x21, 0x11, Inet4("10.0.0.1", 1000, "10.0.0.2", 21));
        var withFtp = Parse([.. v2, .. "USER x\r\n"u8]);
        Assert.Equal(ProxyParseStatus.Complete, withFtp.Status);
        Assert.Equal(v2.Length, withFtp.Length);
    }

    public static TheoryData<string, string> BadV1 => new()
    {
        { "PROXY TCP4 192.168.0.1 192.168.0.11 56324 65536\r\n", "port over 65535" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 -1 21\r\n", "negative port" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 +1 21\r\n", "signed port" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 0021 21\r\n", "leading zero in a port" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 999999 21\r\n", "six digits" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 0x15 21\r\n", "hexadecimal port" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11  21\r\n", "empty port (two spaces)" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 21\r\n", "a port missing" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 21 21 21\r\n", "a field too many" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 21 21 \r\n", "a trailing space" },
        { "PROXY  TCP4 192.168.0.1 192.168.0.11 21 21\r\n", "a double space" },
        { "PROXY TCP4 1 192.168.0.11 21 21\r\n", "a one-number IPv4 address" },
        { "PROXY TCP4 0x7f.0.0.1 192.168.0.11 21 21\r\n", "a hexadecimal octet" },
        { "PROXY TCP4 010.0.0.1 192.168.0.11 21 21\r\n", "an octal-looking octet" },
        { "PROXY TCP4 256.0.0.1 192.168.0.11 21 21\r\n", "an octet over 255" },
        { "PROXY TCP4 ::1 192.168.0.11 21 21\r\n", "an IPv6 address under TCP4" },
        { "PROXY TCP6 192.168.0.1 ::1 21 21\r\n", "an IPv4 address under TCP6" },
        { "PROXY TCP6 fe80::1%eth0 ::1 21 21\r\n", "a zone id" },
        { "PROXY TCP6 [::1] ::1 21 21\r\n", "brackets" },
        { "PROXY UDP4 192.168.0.1 192.168.0.11 21 21\r\n", "UDP" },
        { "PROXY tcp4 192.168.0.1 192.168.0.11 21 21\r\n", "lower case protocol" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 21 21\n", "LF without CR" },
        { "PROXY TCP4 192.168.0.1\r192.168.0.11 21 21\r\n", "a CR inside" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 21 21\r\r\n", "CR CR LF" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 21 2\u00e91\r\n", "a byte above ASCII" },
        { "PROXY TCP4 192.168.0.1 192.168.0.11 21 2\t1\r\n", "a control character" },
        { "PROXY UNKNOWN " + new string('x', 100) + "\r\n", "longer than 107 bytes" },
        { "proxy TCP4 192.168.0.1 192.168.0.11 21 21\r\n", "lower case signature" },
        { "PROXYTCP4 192.168.0.1 192.168.0.11 21 21\r\n", "no space after PROXY" },
        { "USER anonymous\r\n", "an FTP command" },
        { "\r\n\r\nQUIT\r\n", "half a v2 signature" },
    };

    [Theory]
    [MemberData(nameof(BadV1))]
    public void Hostile_v1_headers_are_invalid(string header, string why)
    {
        var result = Parse(header);
        Assert.True(result.Status == ProxyParseStatus.Invalid, $"{why}: {result}");
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public void A_v1_line_that_never_ends_is_invalid_at_107_bytes()
    {
        var endless = Encoding.ASCII.GetBytes("PROXY TCP4 " + new string('1', 200));
        for (var length = 1; length < ProxyHeaderParser.MaxV1Length; length++)
        {
            var result = ProxyHeaderParser.Parse(endless.AsSpan(0, length));
            Assert.True(result.Status == ProxyParseStatus.NeedMore, $"{length} bytes: {result}");
        }

        Assert.Equal(ProxyParseStatus.Invalid, ProxyHeaderParser.Parse(endless.AsSpan(0, ProxyHeaderParser.MaxV1Length)).Status);
    }

    [Theory]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY UNKNOWN\r\n")]
    public void A_truncated_v1_header_asks_only_for_bytes_that_are_surely_its_own(string header)
    {
        // Read as the reader does: what the parser asks for, never more. Each prefix must be "need more", and
        // the bytes asked for must never run past the header's end.
        var bytes = Encoding.ASCII.GetBytes(header + "USER x\r\n");
        var have = 0;
        while (true)
        {
            var result = ProxyHeaderParser.Parse(bytes.AsSpan(0, have));
            if (result.Status == ProxyParseStatus.Complete)
            {
                Assert.Equal(header.Length, have);
                return;
            }

            Assert.Equal(ProxyParseStatus.NeedMore, result.Status);
            Assert.InRange(have + result.BytesNeeded, 1, header.Length);
            have += result.BytesNeeded;
        }
    }

    [Fact]
    public void V2_proxy_over_ipv4_and_ipv6_gives_the_real_client()
    {
        var four = Parse(V2(0x21, 0x11, Inet4("127.0.0.5", 40000, "127.0.0.1", 2121)));
        Assert.Equal(ProxyParseStatus.Complete, four.Status);
        Assert.Equal(28, four.Length);
        Assert.Equal(2, four.Header!.Version);
        Assert.Equal(IPEndPoint.Parse("127.0.0.5:40000"), four.Header.Source);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:2121"), four.Header.Destination);

        var six = Parse(V2(0x21, 0x21, Inet6("2001:db8::7", 65535, "2001:db8::1", 21)));
        Assert.Equal(ProxyParseStatus.Complete, six.Status);
        Assert.Equal(52, six.Length);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::7]:65535"), six.Header!.Source);
    }

    [Fact]
    public void V2_tlvs_are_skipped_when_they_tile_the_header()
    {
        byte[] tlvs =
        [
            0x01, 0x00, 0x02, (byte)'h', (byte)'2',          // ALPN
            0x04, 0x00, 0x00,                                // NOOP, empty
            0xEA, 0x00, 0x05, 1, 2, 3, 4, 5,                 // AWS endpoint id style, custom type
        ];
        var result = Parse(V2(0x21, 0x11, [.. Inet4("10.1.2.3", 5000, "10.0.0.1", 21), .. tlvs]));
        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal(IPEndPoint.Parse("10.1.2.3:5000"), result.Header!.Source);
    }

    [Theory]
    [InlineData(0x11)]
    [InlineData(0x21)]
    [InlineData(0x31)]
    [InlineData(0x00)]
    [InlineData(0xF2)]
    public void V2_local_is_a_health_check_that_keeps_the_balancers_address(byte familyTransport)
    {
        // LOCAL: the address block is skipped whatever it holds, unknown family included.
        var result = Parse(V2(0x20, familyTransport, [1, 2, 3, 4, 5]));
        Assert.Equal(ProxyParseStatus.Complete, result.Status);
        Assert.Equal(21, result.Length);
        Assert.Null(result.Header!.Source);
    }

    public static TheoryData<byte[], string> BadV2 => new()
    {
        { V2(0x11, 0x11, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "version 1 in the binary form" },
        { V2(0x31, 0x11, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "version 3" },
        { V2(0x22, 0x11, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "command 2" },
        { V2(0x2F, 0x11, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "command 15" },
        { V2(0x21, 0x01, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "PROXY with family UNSPEC" },
        { V2(0x21, 0x31, new byte[216]), "a UNIX stream socket" },
        { V2(0x21, 0x32, new byte[216]), "a UNIX datagram socket" },
        { V2(0x21, 0x41, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "unknown family 4" },
        { V2(0x21, 0xF1, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "unknown family 15" },
        { V2(0x21, 0x12, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "UDP over IPv4" },
        { V2(0x21, 0x22, Inet6("::1", 1, "::2", 2)), "UDP over IPv6" },
        { V2(0x21, 0x10, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "transport UNSPEC" },
        { V2(0x21, 0x13, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "transport 3" },
        { V2(0x21, 0x11, Inet4("10.0.0.1", 1, "10.0.0.2", 2)[..11]), "IPv4 addresses one byte short" },
        { V2(0x21, 0x21, Inet4("10.0.0.1", 1, "10.0.0.2", 2)), "IPv6 family with IPv4-sized addresses" },
        { V2(0x21, 0x11, []), "no addresses at all" },
        { V2(0x21, 0x11, [.. Inet4("10.0.0.1", 1, "10.0.0.2", 2), 0x01]), "a one-byte TLV" },
        { V2(0x21, 0x11, [.. Inet4("10.0.0.1", 1, "10.0.0.2", 2), 0x01, 0x00]), "a two-byte TLV" },
        { V2(0x21, 0x11, [.. Inet4("10.0.0.1", 1, "10.0.0.2", 2), 0x01, 0x00, 0x05, 1, 2]), "a TLV running past the end" },
        { V2(0x21, 0x11, [.. Inet4("10.0.0.1", 1, "10.0.0.2", 2), 0x01, 0xFF, 0xFF]), "a TLV claiming 65535 bytes" },
        { V2(0x21, 0x11, new byte[ProxyHeaderParser.MaxV2Length], ProxyHeaderParser.MaxV2Length), "over the size limit" },
        { V2(0x21, 0x11, [], 0xFFFF), "a length of 65535 (nothing is read)" },
        { [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0B, 0x21, 0x11, 0, 12], "the signature's last byte wrong" },
        { [0x0D, 0x0A, 0x0D, 0x0A, 0x01], "the signature's fifth byte wrong" },
        { [0x00, 0x0D, 0x0A, 0x51], "the signature shifted" },
        { [0x16, 0x03, 0x01, 0x02, 0x00], "a TLS ClientHello" },
    };

    [Theory]
    [MemberData(nameof(BadV2))]
    public void Hostile_v2_headers_are_invalid(byte[] header, string why)
    {
        var result = Parse(header);
        Assert.True(result.Status == ProxyParseStatus.Invalid, $"{why}: {result}");
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public void A_truncated_v2_header_asks_for_exactly_its_own_bytes()
    {
        var header = V2(0x21, 0x11, [.. Inet4("10.0.0.1", 1, "10.0.0.2", 2), 0x04, 0x00, 0x02, 0, 0]);
        byte[] stream = [.. header, .. "USER x\r\n"u8];
        for (var length = 0; length < header.Length; length++)
        {
            var result = ProxyHeaderParser.Parse(stream.AsSpan(0, length));
            Assert.Equal(ProxyParseStatus.NeedMore, result.Status);
            Assert.InRange(length + result.BytesNeeded, length + 1, header.Length);
        }

        Assert.Equal(header.Length, ProxyHeaderParser.Parse(stream).Length);
    }

    [Fact]
    public void Nothing_yet_asks_for_the_shortest_header_only()
    {
        var result = ProxyHeaderParser.Parse([]);
        Assert.Equal(ProxyParseStatus.NeedMore, result.Status);
        Assert.Equal("PROXY UNKNOWN\r\n".Length, result.BytesNeeded);
    }

    [Fact]
    public void A_fixed_seed_of_random_bytes_never_throws_and_never_completes_without_a_signature()
    {
        var random = new Random(1452);
        for (var i = 0; i < 20_000; i++)
        {
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            if (i % 3 == 0 && data.Length >= 16)
            {
                // Keep a valid v2 signature so the fields behind it get fuzzed too.
                Signature.CopyTo(data, 0);
            }

            var result = ProxyHeaderParser.Parse(data);
            if (result.Status == ProxyParseStatus.Complete)
            {
                Assert.True(result.Length <= data.Length);
                Assert.True(data.AsSpan(0, 12).SequenceEqual(Signature) || data.AsSpan().StartsWith("PROXY "u8));
            }
            else if (result.Status == ProxyParseStatus.NeedMore)
            {
                Assert.InRange(data.Length + result.BytesNeeded, 1, ProxyHeaderParser.MaxV2Length);
            }
        }
    }

    [Theory]
    [InlineData(new[] { "PROXY TCP4 1.2.3.4 5.6.7.8 1 2" }, true)]
    [InlineData(new[] { "PROXY" }, true)]
    [InlineData(new[] { "", "", "\0" }, true)]
    [InlineData(new[] { "USER anonymous" }, false)]
    [InlineData(new[] { "", "USER anonymous", "\0" }, false)]
    [InlineData(new[] { "", "", "", "\0" }, false)]
    [InlineData(new[] { "USER x", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2" }, false)]
    public void A_header_from_an_unlisted_address_is_spotted_in_the_first_lines(string[] lines, bool spotted)
    {
        var detector = new StrayHeaderDetector();
        Assert.Equal(spotted, lines.Any(detector.Observe));
    }
}
