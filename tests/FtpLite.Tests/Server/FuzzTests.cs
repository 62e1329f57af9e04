using FtpLite.Client;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using FtpLite.Protocol;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>
/// A bounded fuzz run with a fixed seed: random and mutated command lines. The server must never crash,
/// never answer with anything but a well-formed reply of its own words (no exception text, no server
/// paths), and must still serve a normal session afterwards.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FuzzTests
{
    private const int Seed = 20261126;
    private const int Commands = 4000;

    private static readonly string[] Verbs =
    [
        "USER", "PASS", "QUIT", "NOOP", "SYST", "FEAT", "OPTS", "HELP", "TYPE", "MODE", "STRU", "ALLO", "STAT", "ABOR",
        "PWD", "CWD", "CDUP", "XPWD", "PASV", "EPSV", "PORT", "EPRT", "SIZE", "MDTM", "MFMT", "MLST", "LIST", "NLST", "MLSD",
        "REST", "RETR", "STOR", "APPE", "DELE", "MKD", "RMD", "RNFR", "RNTO", "AUTH", "PBSZ", "PROT", "XYZZY", "",
    ];

    private static readonly string[] Seeds =
    [
        "", " ", "a.txt", "dir", "/", "..", "../..", "\\", "-la", "*", "I", "A", "L 8", "S", "F", "UTF8 ON", "MLST type;",
        "127,0,0,1,200,10", "|1|127.0.0.1|51000|", "|2|::1|51000|", "0", "-1", "99999999999999999999", "ALL", "1", "2",
        "file with space.txt", "größe.txt", "%s%s%n", "{0}", "'\"`$()", "\u00ff\u00fe", "\uFEFF", "con", "nul",
    ];

    [Fact]
    public async Task Random_and_mutated_commands_never_break_the_server()
    {
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            DataTimeout = TimeSpan.FromMilliseconds(200),
            FailedLoginDelay = TimeSpan.Zero,

            // The fuzzer fails logins on purpose, all from one address: banning it would end the run early.
            LoginBanThreshold = 0,
            Log = events.Enqueue,
        });
        fixture.Root.WriteFile("a.txt", Encoding.UTF8.GetBytes("hello"));
        Directory.CreateDirectory(fixture.Root.Combine("dir"));

        var random = new Random(Seed);
        RawFtp? raw = null;
        try
        {
            for (var i = 0; i < Commands; i++)
            {
                raw ??= await RawFtp.ConnectAsync(fixture.Port, login: random.Next(4) != 0);
                var line = NextLine(random);
                try
                {
                    await raw.WriteAsync(line);
                    var reply = await raw.ReadAsync();
                    AssertOwnWords(reply, fixture.Root.Path, line);
                    if (reply.Code == 150)
                    {
                        // A transfer started without anyone opening its data connection, or it will fail: read its end.
                        AssertOwnWords(await raw.ReadAsync(), fixture.Root.Path, line);
                    }

                    if (reply.Code is 221 or 421)
                    {
                        await raw.DisposeAsync();
                        raw = null;
                    }
                }
                catch (Exception ex) when (ex is FtpConnectionException or IOException or SocketException)
                {
                    // Only QUIT, 421 or a dropped login end a connection; anything else is a crash.
                    Assert.Fail($"The server dropped the connection after {Printable(line)}: {ex.Message}");
                }
            }
        }
        finally
        {
            if (raw is not null)
            {
                await raw.DisposeAsync();
            }
        }

        Assert.Equal(FtpServerState.Running, fixture.Server.State);
        Assert.DoesNotContain(events, e => e.Kind == FtpServerEventKind.Error);

        // And a normal session still works.
        await using var client = await fixture.ConnectAsync();
        using var local = new TempDirectory();
        var content = TestData.Bytes(50_000);
        await client.UploadFileAsync(local.WriteFile("after.bin", content), "after-fuzz.bin", new FtpTransferOptions { Overwrite = true });
        var (back, _) = await client.DownloadFileAsync("after-fuzz.bin", local.Combine("back.bin"));
        Assert.Equal(content, File.ReadAllBytes(back.FullName));
    }

    private static byte[] NextLine(Random random)
    {
        var verb = Verbs[random.Next(Verbs.Length)];
        var argument = random.Next(5) switch
        {
            0 => string.Empty,
            1 => Seeds[random.Next(Seeds.Length)],
            2 => RandomText(random, random.Next(1, 40)),
            3 => Seeds[random.Next(Seeds.Length)] + "/" + Seeds[random.Next(Seeds.Length)],
            _ => new string('A', random.Next(1, 3000)),
        };
        if (verb is "QUIT")
        {
            verb = random.Next(10) == 0 ? verb : "NOOP";
        }

        var bytes = Encoding.UTF8.GetBytes(random.Next(6) == 0 ? verb.ToLowerInvariant() : verb).Concat(argument.Length > 0 ? Encoding.UTF8.GetBytes(" " + argument) : []).ToList();
        if (random.Next(4) == 0)
        {
            // Mutate: flip, insert or drop raw bytes, including Telnet IAC, NUL, CR and invalid UTF-8.
            for (var m = random.Next(1, 4); m > 0 && bytes.Count > 0; m--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0:
                        bytes[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes.Insert(at, new byte[] { 0xFF, 0x00, 0x0D, 0xC0, 0xF4, 0x80 }[random.Next(6)]);
                        break;
                    default:
                        bytes.RemoveAt(at);
                        break;
                }
            }
        }

        bytes.RemoveAll(b => b == (byte)'\n');
        bytes.Add((byte)'\r');
        bytes.Add((byte)'\n');
        return [.. bytes];
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(1, 0x3000);
        }

        return new string(chars).Replace('\n', ' ');
    }

    private static void AssertOwnWords(FtpReply reply, string root, byte[] line)
    {
        var text = reply.ToString();
        var context = $"reply to {Printable(line)}: {text}";
        Assert.InRange(reply.Code, 100, 599);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.False(text.Contains(root, StringComparison.Ordinal), context);
        Assert.False(text.Contains(Path.GetTempPath(), StringComparison.Ordinal), context);
    }

    private static string Printable(byte[] line) => Convert.ToHexString(line.Length > 60 ? line[..60] : line);
}
