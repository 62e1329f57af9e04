using System.Globalization;
using System.Text.RegularExpressions;

namespace FtpLite.Tests.Support;

/// <summary>Checks on listings as external clients print them, parsed independently of FtpLite's own parser.</summary>
public static partial class ListingAssert
{
    /// <summary>The non-empty lines of a program's output.</summary>
    public static string[] Lines(string output) =>
        output.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToArray();

    /// <summary>
    /// Asserts that an "ls -l" style listing holds a regular file named <paramref name="name"/> of
    /// <paramref name="length"/> bytes, and neither "." nor "..".
    /// </summary>
    public static void HasUnixFile(string output, string name, long length)
    {
        var lines = Lines(output);
        var entries = lines.Select(line => UnixLine().Match(line)).Where(match => match.Success).ToList();
        Assert.DoesNotContain(entries, match => match.Groups["name"].Value is "." or "..");
        var entry = entries.SingleOrDefault(match => match.Groups["name"].Value == name);
        Assert.True(entry is not null, $"No entry '{name}' in the listing:{Environment.NewLine}{output}");
        Assert.Equal("-", entry.Groups["type"].Value);
        Assert.Equal(length, long.Parse(entry.Groups["size"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Asserts that no line of a listing names <paramref name="name"/>.</summary>
    public static void LacksName(string output, string name)
    {
        foreach (var line in Lines(output))
        {
            Assert.False(line == name || line.EndsWith(" " + name, StringComparison.Ordinal),
                $"'{name}' is still listed:{Environment.NewLine}{output}");
        }
    }

    [GeneratedRegex(@"^(?<type>[-dl])[-rwxsStT]{9}\S*\s+\d+\s+\S+\s+\S+\s+(?<size>\d+)\s+[A-Za-z]{3}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})\s(?<name>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex UnixLine();
}
