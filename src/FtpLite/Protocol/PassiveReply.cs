using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace FtpLite.Protocol;

/// <summary>Parses the address in 227 (PASV) and the port in 229 (EPSV) replies.</summary>
public static partial class PassiveReply
{
    /// <summary>Reads "(h1,h2,h3,h4,p1,p2)" out of a 227 reply.</summary>
    public static IPEndPoint ParsePasv(string text)
    {
        var match = PasvNumbers().Match(text);
        if (!match.Success)
        {
            throw new FtpProtocolException($"Cannot read the PASV reply '{FtpReplyReader.Excerpt(text)}'.");
        }

        var numbers = new int[6];
        for (var i = 0; i < 6; i++)
        {
            numbers[i] = int.Parse(match.Groups[i + 1].Value, CultureInfo.InvariantCulture);
            if (numbers[i] > 255)
            {
                throw new FtpProtocolException($"The PASV reply '{FtpReplyReader.Excerpt(text)}' holds a number above 255.");
            }
        }

        var port = (numbers[4] << 8) | numbers[5];
        if (port == 0)
        {
            throw new FtpProtocolException("The PASV reply names port 0.");
        }

        return new IPEndPoint(new IPAddress([(byte)numbers[0], (byte)numbers[1], (byte)numbers[2], (byte)numbers[3]]), port);
    }

    /// <summary>Reads the port out of a 229 reply "(|||port|)".</summary>
    public static int ParseEpsv(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf(')', open);
        if (close > open + 4)
        {
            var inner = text[(open + 1)..close];
            var delimiter = inner[0];
            var parts = inner.Split(delimiter);
            if (parts.Length == 5 && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                return port;
            }
        }

        throw new FtpProtocolException($"Cannot read the EPSV reply '{FtpReplyReader.Excerpt(text)}'.");
    }

    /// <summary>Formats a 227 reply's address part for an IPv4 end point.</summary>
    public static string FormatPasv(IPEndPoint endPoint)
    {
        var bytes = endPoint.Address.MapToIPv4().GetAddressBytes();
        return string.Create(CultureInfo.InvariantCulture, $"{bytes[0]},{bytes[1]},{bytes[2]},{bytes[3]},{endPoint.Port >> 8},{endPoint.Port & 0xFF}");
    }

    [GeneratedRegex(@"(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3})", RegexOptions.CultureInvariant)]
    private static partial Regex PasvNumbers();
}
