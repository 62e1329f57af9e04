using System.Diagnostics;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// A client killed mid-upload leaves the old file. The promise holds when the dying client's kernel closes its
/// two sockets back to back; under CPU load the client can be preempted between them, and the server, which
/// cannot tell that gap from a live client, keeps the partial upload (SECURITY.md, "Nothing lost", known limit,
/// with the measurements). So this class runs alone, on the quiet machine the promise is made for.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class KilledClientTests
{
    [Fact]
    public async Task Curl_killed_mid_upload_leaves_the_old_file_and_no_temporary()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var original = TestData.Bytes(5000, 11);
        var target = fixture.Root.WriteFile("report.bin", original);
        using var local = new TempDirectory();
        var big = local.WriteFile("big.bin", TestData.Bytes(20 * 1024 * 1024, 12));

        var start = new ProcessStartInfo("curl") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-s", "--limit-rate", "200k", "-T", big, $"ftp://127.0.0.1:{fixture.Port}/report.bin" })
        {
            start.ArgumentList.Add(argument);
        }

        using var curl = Process.Start(start)!;
        try
        {
            await Eventually.TrueAsync(() => Staged(fixture).Length == 1 && new FileInfo(Staged(fixture)[0]).Length > 0, "curl's upload is under way");
        }
        finally
        {
            curl.Kill(entireProcessTree: true);
            await curl.WaitForExitAsync();
        }

        await Eventually.TrueAsync(() => Staged(fixture).Length == 0, "the server discards the staged upload");
        Assert.Equal(original, File.ReadAllBytes(target));
    }

    private static string[] Staged(ServerFixture fixture) => Directory.GetFiles(fixture.Root.Path, ".ftplite-*");
}
