using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>FtpLite's server driven by lftp: put, cls/ls, get and rm, each in its own session.</summary>
public sealed class LftpAgainstServerTests
{
    [Theory]
    [MemberData(nameof(InteropCases.Files), MemberType = typeof(InteropCases))]
    public async Task Lftp_uploads_lists_downloads_and_deletes(string name, int length)
    {
        await using var server = await ServerFixture.StartAsync();
        using var local = new TempDirectory("ftplite-lftp-");
        var content = InteropCases.Content(name, length);
        var source = local.WriteFile("source.bin", content);

        await LftpAsync(server.Port, $"put {Quote(source)} -o {Quote(name)}");
        Assert.Equal(content, File.ReadAllBytes(server.Root.Combine(name)));

        var listing = await LftpAsync(server.Port, "ls");
        ListingAssert.HasUnixFile(listing.StandardOutput, name, length);
        var names = await LftpAsync(server.Port, "cls -1");
        Assert.Equal([name], ListingAssert.Lines(names.StandardOutput));
        var sizes = await LftpAsync(server.Port, "cls -1 --size --block-size=1");
        Assert.Equal([$"{length} {name}"], ListingAssert.Lines(sizes.StandardOutput).Select(CollapseSpaces));

        var copy = local.Combine("copy.bin");
        await LftpAsync(server.Port, $"get {Quote(name)} -o {Quote(copy)}");
        Assert.Equal(content, File.ReadAllBytes(copy));

        await LftpAsync(server.Port, $"rm {Quote(name)}");
        Assert.False(File.Exists(server.Root.Combine(name)));
        var after = await LftpAsync(server.Port, "cls -1");
        Assert.Empty(ListingAssert.Lines(after.StandardOutput));
    }

    /// <summary>One lftp session: anonymous login, the commands, bye. A failing command makes lftp exit non-zero.</summary>
    private static Task<CommandResult> LftpAsync(int port, string commands) =>
        ExternalCommand.RunCheckedAsync("lftp",
        [
            "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-e", $"set cmd:fail-exit yes; set net:max-retries 1; set net:timeout 15; {commands}; bye",
            "127.0.0.1",
        ]);

    private static string Quote(string argument) => "\"" + argument.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string CollapseSpaces(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
