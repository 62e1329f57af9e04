using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// FtpLite's server driven by Python's ftplib (PASV, UTF-8): storbinary, LIST/MLSD/NLST, SIZE, retrbinary, delete,
/// and TYPE A both ways (storlines, a raw RETR).
/// </summary>
public sealed class PythonFtplibAgainstServerTests
{
    /// <summary>python3 -c SCRIPT PORT OP ARGS...: one anonymous session doing one step, printing what it saw.</summary>
    private const string Script = """
        import ftplib, sys
        port, op, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
        ftp = ftplib.FTP(encoding="utf-8")
        ftp.connect("127.0.0.1", port, timeout=20)
        ftp.login()
        if op == "put":
            with open(args[1], "rb") as source:
                print(ftp.storbinary("STOR " + args[0], source))
        elif op == "inspect":
            lines = []
            ftp.retrlines("LIST", lines.append)
            for line in lines:
                print("LIST " + line)
            for name, facts in ftp.mlsd():
                print("MLSD %s %s %s" % (facts.get("type"), facts.get("size"), name))
            for name in ftp.nlst():
                print("NLST " + name)
            if args:
                ftp.voidcmd("TYPE I")
                print("SIZE %d" % ftp.size(args[0]))
        elif op == "get":
            with open(args[1], "wb") as target:
                print(ftp.retrbinary("RETR " + args[0], target.write))
        elif op == "putlines":
            with open(args[1], "rb") as source:
                print(ftp.storlines("STOR " + args[0], source))
        elif op == "getascii":
            ftp.voidcmd("TYPE A")
            with ftp.transfercmd("RETR " + args[0]) as data, open(args[1], "wb") as target:
                while chunk := data.recv(65536):
                    target.write(chunk)
            print(ftp.voidresp())
        elif op == "delete":
            print(ftp.delete(args[0]))
        else:
            sys.exit("unknown step " + op)
        ftp.quit()
        """;

    [Theory]
    [MemberData(nameof(InteropCases.Files), MemberType = typeof(InteropCases))]
    public async Task Ftplib_uploads_lists_downloads_and_deletes(string name, int length)
    {
        await using var server = await ServerFixture.StartAsync();
        using var local = new TempDirectory("ftplite-ftplib-");
        var content = InteropCases.Content(name, length);
        var source = local.WriteFile("source.bin", content);

        var put = await FtplibAsync(server.Port, "put", name, source);
        Assert.StartsWith("226", put.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(server.Root.Combine(name)));

        var inspect = await FtplibAsync(server.Port, "inspect", name);
        var lines = ListingAssert.Lines(inspect.StandardOutput);
        ListingAssert.HasUnixFile(string.Join('\n', Section(lines, "LIST ")), name, length);
        Assert.Equal([$"file {length} {name}"], Section(lines, "MLSD "));
        Assert.Equal([name], Section(lines, "NLST "));
        Assert.Equal([length.ToString(System.Globalization.CultureInfo.InvariantCulture)], Section(lines, "SIZE "));

        var copy = local.Combine("copy.bin");
        var get = await FtplibAsync(server.Port, "get", name, copy);
        Assert.StartsWith("226", get.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(copy));

        var delete = await FtplibAsync(server.Port, "delete", name);
        Assert.StartsWith("250", delete.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(server.Root.Combine(name)));
        var after = ListingAssert.Lines((await FtplibAsync(server.Port, "inspect")).StandardOutput);
        Assert.Empty(after);
    }

    [Fact]
    public async Task Ftplib_in_ascii_mode_reads_crlf_and_stores_lf()
    {
        await using var server = await ServerFixture.StartAsync();
        using var local = new TempDirectory("ftplite-ftplib-");
        server.Root.WriteFile("stored.txt", "one\ntwo\n\nthree\n"u8.ToArray());

        var received = local.Combine("received.txt");
        Assert.StartsWith("226", (await FtplibAsync(server.Port, "getascii", "stored.txt", received)).StandardOutput, StringComparison.Ordinal);
        Assert.Equal("one\r\ntwo\r\n\r\nthree\r\n", File.ReadAllText(received));

        // storlines sends TYPE A and each line with CRLF, whatever the local file's line ends.
        var source = local.WriteFile("lines.txt", "alpha\nbeta\r\ngamma\n"u8.ToArray());
        Assert.StartsWith("226", (await FtplibAsync(server.Port, "putlines", "uploaded.txt", source)).StandardOutput, StringComparison.Ordinal);
        Assert.Equal("alpha\nbeta\ngamma\n", File.ReadAllText(server.Root.Combine("uploaded.txt")));
    }

    private static Task<CommandResult> FtplibAsync(int port, string step, params string[] arguments) =>
        ExternalCommand.RunCheckedAsync("/usr/bin/python3",
            ["-c", Script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), step, .. arguments]);

    private static string[] Section(string[] lines, string prefix) =>
        lines.Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => line[prefix.Length..]).ToArray();
}
