using System.Diagnostics;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// A client killed mid-upload leaves the old file. The dying client's kernel closes the data connection first and
/// the control connection up to milliseconds later, so the server may see a finished upload and commit it; the
/// commit is then taken back when the control connection ends without the client having read the 226 (SECURITY.md,
/// "Nothing lost"). UploadAtomicityTests replays that order by hand, every time; this is the real thing.
/// </summary>
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

        // The session's end settles the upload: discarded, or committed and taken back.
        await Eventually.TrueAsync(() => fixture.Server.ConnectionCount == 0, "the server ends the session");
        Assert.Empty(Staged(fixture));
        Assert.Equal(original, File.ReadAllBytes(target));
    }

    private static string[] Staged(ServerFixture fixture) => Directory.GetFiles(fixture.Root.Path, ".ftplite-*");
}
