using System.Diagnostics;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// A client killed mid-upload leaves the old file. The dying client's kernel closes the data connection first and
/// the control connection up to milliseconds later, so the server may see a finished upload and commit it; the
/// commit is then taken back when the control connection ends without the client having read the 226 (SECURITY.md,
/// "Nothing lost"). The curl test is the real thing, and hits that order about 1 run in 8; the python client dies
/// in that order every time. (A .NET socket cannot stand in: its Dispose shuts the connection down with a FIN
/// before it closes it, where a dying process's kernel sends only a reset.)
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

    /// <summary>
    /// python3 -c SCRIPT PORT VERB NAME SIZE: uploads SIZE bytes with VERB, closes the data connection, waits until
    /// the 226 has reached its socket without reading it, and dies as a killed process does: the kernel closes the
    /// control connection with the reply unread. Replies are read a byte at a time, so nothing is read ahead.
    /// </summary>
    private const string DieBeforeReading226 = """
        import os, select, socket, sys
        port, verb, name, size = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
        control = socket.create_connection(("127.0.0.1", port), timeout=20)
        def reply():
            line = b""
            while not line.endswith(b"\r\n"):
                line += control.recv(1)
            return line.decode()
        def send(command):
            control.sendall((command + "\r\n").encode())
            return reply()
        reply()
        send("USER anonymous"); send("PASS test@"); send("TYPE I")
        data = socket.create_connection(("127.0.0.1", int(send("EPSV").split("|")[3])), timeout=20)
        assert send(verb + " " + name).startswith("150")
        data.sendall(os.urandom(size))
        data.close()
        select.select([control], [], [], 20)
        os._exit(0)
        """;

    [Theory]
    [InlineData("STOR", true)]
    [InlineData("STOR", false)]
    [InlineData("APPE", true)]
    public async Task A_client_that_dies_with_the_226_unread_gets_its_upload_taken_back(string verb, bool existing)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var original = TestData.Bytes(5000, 11);
        var target = existing ? fixture.Root.WriteFile("report.bin", original) : fixture.Root.Combine("report.bin");

        var result = await ExternalCommand.RunAsync("/usr/bin/python3", ["-c", DieBeforeReading226, fixture.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            verb, "report.bin", "100000"]);
        Assert.True(result.ExitCode == 0, result.Describe());

        await Eventually.TrueAsync(() => fixture.Server.ConnectionCount == 0, "the server ends the session");
        Assert.Empty(Staged(fixture));
        if (existing)
        {
            Assert.Equal(original, File.ReadAllBytes(target));
        }
        else
        {
            Assert.False(File.Exists(target));
        }
    }

    private static string[] Staged(ServerFixture fixture) => Directory.GetFiles(fixture.Root.Path, ".ftplite-*");
}
