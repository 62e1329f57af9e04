using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>FtpLite's server driven by curl: STOR, LIST, NLST, RETR and DELE over real sockets.</summary>
public sealed class CurlAgainstServerTests
{
    [Theory]
    [MemberData(nameof(InteropCases.Files), MemberType = typeof(InteropCases))]
    public async Task Curl_uploads_lists_downloads_and_deletes(string name, int length)
    {
        await using var server = await ServerFixture.StartAsync();
        using var local = new TempDirectory("ftplite-curl-");
        var content = InteropCases.Content(name, length);
        var source = local.WriteFile("source.bin", content);
        var directoryUrl = $"ftp://127.0.0.1:{server.Port}/";
        var fileUrl = directoryUrl + Uri.EscapeDataString(name);

        await CurlAsync("--upload-file", source, fileUrl);
        Assert.Equal(content, File.ReadAllBytes(server.Root.Combine(name)));

        var listing = await CurlAsync(directoryUrl);
        ListingAssert.HasUnixFile(listing.StandardOutput, name, length);
        var names = await CurlAsync("--list-only", directoryUrl);
        Assert.Equal([name], ListingAssert.Lines(names.StandardOutput));

        var copy = local.Combine("copy.bin");
        await CurlAsync("--output", copy, fileUrl);
        Assert.Equal(content, File.ReadAllBytes(copy));

        await CurlAsync("--quote", "DELE " + name, directoryUrl);
        Assert.False(File.Exists(server.Root.Combine(name)));
        var after = await CurlAsync(directoryUrl);
        ListingAssert.LacksName(after.StandardOutput, name);
    }

    private static Task<CommandResult> CurlAsync(params string[] arguments) =>
        ExternalCommand.RunCheckedAsync("curl", ["--silent", "--show-error", "--fail", "--max-time", "30", .. arguments]);
}
