using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace FtpLite.Server.Proxy;

/// <summary>
/// Parses the PROXY protocol header a balancer (HAProxy, AWS NLB, nginx) sends before the client's bytes, in
/// its text form (v1) or its binary form (v2), as the specification (haproxy.org, proxy-protocol.txt) words
/// it, and strictly: anything else is invalid, and the caller closes the connection. It works on the bytes
/// read so far and says how many more are certainly part of the header, so a reader never takes a byte of
/// the FTP session that follows.
/// </summary>
internal static class ProxyHeaderParser
{
    /// <summary>The longest v1 header, CR LF included (the specification's limit).</summary>
    public const int MaxV1Length = 107;

    /// <summary>
    /// The longest v2 header accepted, TLVs included. The format allows 65,551 bytes; balancers send 16 to a
    /// few hundred (addresses, then TLVs such as an AWS endpoint id or TLS details).
    /// </summary>
    public const int MaxV2Length = 4096;

    /// <summary>No valid header is shorter ("PROXY UNKNOWN\r\n"; a v2 header has 16 bytes at least).</summary>
    public const int MinLength = 15;

    private const int V2FixedLength = 16;

    private static ReadOnlySpan<byte> V1Signature => "PROXY "u8;

    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>Parses <paramref name="data"/>, the first bytes of a connection.</summary>
    public static ProxyParseResult Parse(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            // Either version: no more than the shortest header is certainly ours.
            return ProxyParseResult.More(MinLength);
        }

        if (StartsLike(data, V2Signature))
        {
            return data.Length < V2FixedLength ? ProxyParseResult.More(V2FixedLength - data.Length) : ParseV2(data);
        }

        if (StartsLike(data, V1Signature))
        {
            return data.Length < MinLength ? ProxyParseResult.More(MinLength - data.Length) : ParseV1(data);
        }

        return ProxyParseResult.Bad("no PROXY protocol header: the connection did not start with a v1 or v2 signature");
    }

    /// <summary>True when <paramref name="data"/> and <paramref name="signature"/> agree as far as both go.</summary>
    private static bool StartsLike(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var common = Math.Min(data.Length, signature.Length);
        return data[..common].SequenceEqual(signature[..common]);
    }

    private static ProxyParseResult ParseV1(ReadOnlySpan<byte> data)
    {
        var lineFeed = data.IndexOf((byte)'\n');
        var carriageReturn = data.IndexOf((byte)'\r');
        if (lineFeed < 0)
        {
            if (carriageReturn >= 0 && carriageReturn < data.Length - 1)
            {
                return ProxyParseResult.Bad("v1 header: CR not followed by LF");
            }

            return data.Length >= MaxV1Length
                ? ProxyParseResult.Bad($"v1 header longer than {MaxV1Length} bytes")
                : ProxyParseResult.More(1);
        }

        if (lineFeed + 1 > MaxV1Length)
        {
            return ProxyParseResult.Bad($"v1 header longer than {MaxV1Length} bytes");
        }

        if (carriageReturn != lineFeed - 1)
        {
            return ProxyParseResult.Bad("v1 header: the line must end with CR LF, and hold no other CR");
        }

        var line = data[..carriageReturn];
        foreach (var b in line)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return ProxyParseResult.Bad("v1 header: a byte that is not printable ASCII");
            }
        }

        var fields = Encoding.ASCII.GetString(line).Split(' ');
        var length = lineFeed + 1;
        if (fields.Length >= 2 && fields[1] == "UNKNOWN")
        {
            // The specification: the rest of the line is ignored, and the real connection's endpoints are used.
            return ProxyParseResult.Done(new ProxyHeader(1, null, null), length);
        }

        if (fields.Length != 6)
        {
            return ProxyParseResult.Bad("v1 header: expected 'PROXY TCP4|TCP6 source destination source-port destination-port' with single spaces");
        }

        var family = fields[1] switch
        {
            "TCP4" => System.Net.Sockets.AddressFamily.InterNetwork,
            "TCP6" => System.Net.Sockets.AddressFamily.InterNetworkV6,
            _ => System.Net.Sockets.AddressFamily.Unknown,
        };
        if (family == System.Net.Sockets.AddressFamily.Unknown)
        {
            return ProxyParseResult.Bad("v1 header: the protocol must be TCP4, TCP6 or UNKNOWN");
        }

        if (ParseV1Address(fields[2], family) is not { } source || ParseV1Address(fields[3], family) is not { } destination)
        {
            return ProxyParseResult.Bad($"v1 header: an address that is not a plain {fields[1]} address");
        }

        if (ParseV1Port(fields[4]) is not { } sourcePort || ParseV1Port(fields[5]) is not { } destinationPort)
        {
            return ProxyParseResult.Bad("v1 header: a port that is not a decimal number from 0 to 65535 without leading zeros");
        }

        return ProxyParseResult.Done(new ProxyHeader(1, new IPEndPoint(source, sourcePort), new IPEndPoint(destination, destinationPort)), length);
    }

    /// <summary>
    /// Dotted quads with no leading zeros for TCP4 (IPAddress.Parse would also take "1", "0x7f.1" or "010.0.0.1"),
    /// and hexadecimal, colons and dots only, no zone, for TCP6.
    /// </summary>
    private static IPAddress? ParseV1Address(string text, System.Net.Sockets.AddressFamily family)
    {
        if (family == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var parts = text.Split('.');
            if (parts.Length != 4)
            {
                return null;
            }

            var bytes = new byte[4];
            for (var i = 0; i < 4; i++)
            {
                if (ParseDecimal(parts[i], 3) is not { } value || value > 255)
                {
                    return null;
                }

                bytes[i] = (byte)value;
            }

            return new IPAddress(bytes);
        }

        if (text.Length is 0 or > 45 || !text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.'))
        {
            return null;
        }

        return IPAddress.TryParse(text, out var address) && address.AddressFamily == family ? address : null;
    }

    private static int? ParseV1Port(string text) => ParseDecimal(text, 5) is { } port && port <= 65535 ? port : null;

    /// <summary>1 to <paramref name="maxDigits"/> ASCII digits, no sign, no leading zero (but "0").</summary>
    private static int? ParseDecimal(string text, int maxDigits)
    {
        if (text.Length == 0 || text.Length > maxDigits || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit))
        {
            return null;
        }

        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ProxyParseResult ParseV2(ReadOnlySpan<byte> data)
    {
        var version = data[12] >> 4;
        var command = data[12] & 0x0F;
        var family = data[13] >> 4;
        var transport = data[13] & 0x0F;
        var payload = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(14, 2));
        if (version != 2)
        {
            return ProxyParseResult.Bad($"v2 header: version {version}, not 2");
        }

        if (command > 1)
        {
            return ProxyParseResult.Bad($"v2 header: unknown command {command} (0 is LOCAL, 1 is PROXY)");
        }

        if (V2FixedLength + payload > MaxV2Length)
        {
            return ProxyParseResult.Bad($"v2 header of {V2FixedLength + payload} bytes, over the limit of {MaxV2Length}");
        }

        if (data.Length < V2FixedLength + payload)
        {
            return ProxyParseResult.More(V2FixedLength + payload - data.Length);
        }

        var length = V2FixedLength + payload;
        if (command == 0)
        {
            // LOCAL: the balancer speaks for itself (a health check); the address block, whatever its family, is skipped.
            return ProxyParseResult.Done(new ProxyHeader(2, null, null), length);
        }

        var addressLength = (family, transport) switch
        {
            (1, 1) => 12,
            (2, 1) => 36,
            (0, _) => -1,
            (3, _) => -2,
            (> 3, _) => -3,
            (_, 2) => -4,
            _ => -5,
        };
        switch (addressLength)
        {
            case -1:
                return ProxyParseResult.Bad("v2 header: a PROXY command with no address (family UNSPEC); a balancer speaking for itself sends LOCAL");
            case -2:
                return ProxyParseResult.Bad("v2 header: a UNIX-socket client has no IP address to check, limit or ban");
            case -3:
                return ProxyParseResult.Bad($"v2 header: unknown address family {family}");
            case -4:
                return ProxyParseResult.Bad("v2 header: a datagram (UDP) client; FTP runs over TCP");
            case < 0:
                return ProxyParseResult.Bad($"v2 header: unknown transport {transport}");
        }

        if (payload < addressLength)
        {
            return ProxyParseResult.Bad($"v2 header: {payload} bytes of addresses, {addressLength} needed");
        }

        var block = data.Slice(V2FixedLength, payload);
        var size = addressLength == 12 ? 4 : 16;
        var source = new IPAddress(block[..size]);
        var destination = new IPAddress(block.Slice(size, size));
        var sourcePort = BinaryPrimitives.ReadUInt16BigEndian(block.Slice(2 * size, 2));
        var destinationPort = BinaryPrimitives.ReadUInt16BigEndian(block.Slice((2 * size) + 2, 2));
        if (CheckTlvs(block[addressLength..]) is { } tlvError)
        {
            return ProxyParseResult.Bad(tlvError);
        }

        return ProxyParseResult.Done(new ProxyHeader(2, new IPEndPoint(source, sourcePort), new IPEndPoint(destination, destinationPort)), length);
    }

    /// <summary>
    /// The TLVs after the addresses (type, 16-bit length, value) must tile the rest of the header exactly. Their
    /// values are not used: FtpLite needs the client's address only.
    /// </summary>
    private static string? CheckTlvs(ReadOnlySpan<byte> tlvs)
    {
        while (!tlvs.IsEmpty)
        {
            if (tlvs.Length < 3)
            {
                return "v2 header: a truncated TLV after the addresses";
            }

            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(tlvs.Slice(1, 2));
            if (3 + valueLength > tlvs.Length)
            {
                return $"v2 header: a TLV of type 0x{tlvs[0]:X2} runs past the end of the header";
            }

            tlvs = tlvs[(3 + valueLength)..];
        }

        return null;
    }
}
