using System.Security.Cryptography;
using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// Multi-line replies on any command (RFC 959 4.2): a banner first, the answer on the last line only. Every
/// command reads its answer from there: HASH, SIZE, PWD after CWD, and login and FEAT with banners.
/// </summary>
public sealed class MultiLineReplyTests
{
    private static readonly byte[] Small = "hello world\n"u8.ToArray();

    private static ScriptedFiles BannerServer() => new()
    {
        Features = ["EPSV", "SIZE", "HASH SHA-256*"],
        Override = async (c, line, session, token) =>
        {
            switch (line)
            {
                case "PASS ftplite@":
                    await c.SendAsync("230-Welcome.\r\n230-Be nice.\r\n230 Logged in.\r\n");
                    return true;
                case "HASH /small.txt":
                    await c.SendAsync("213-Computing SHA-256 digest\r\n"
                        + $"213 SHA-256 0-11 {Convert.ToHexStringLower(SHA256.HashData(Small))} /small.txt\r\n");
                    return true;
                case "SIZE /small.txt":
                    await c.SendAsync("213-File status:\r\n213 12\r\n");
                    return true;
                case "CWD /dir":
                    session.Directory = "/dir";
                    await c.SendAsync("250-Read the \"README\" first.\r\n250 Okay.\r\n");
                    return true;
                case "PWD":
                    await c.SendAsync($"257-Note: \"quotes\" here\r\n257 \"{session.Directory}\" is the current directory\r\n");
                    return true;
                default:
                    return false;
            }
        },
    };

    [Fact]
    public async Task Every_command_reads_its_answer_from_the_last_line_of_a_multi_line_reply()
    {
        var files = BannerServer();
        files.Files["/small.txt"] = Small;
        files.Files["/dir/x"] = [1];
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();

        var hash = await client.GetHashAsync("/small.txt");
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Small)), hash.Hash);
        Assert.Equal(12, await client.GetSizeAsync("/small.txt"));
        await client.ChangeDirectoryAsync("/dir");
        Assert.Equal("/dir", client.WorkingDirectory);
        Assert.True(client.SupportsHash);

        using var local = new TempDirectory();
        var (file, result) = await client.DownloadFileAsync("/small.txt", local.Combine("small.txt"), new FtpTransferOptions { Verify = true });
        Assert.Equal(FtpVerificationMethod.Hash, result.Verification);
        Assert.Equal(Small, File.ReadAllBytes(file.FullName));
    }

    [Fact]
    public async Task Verify_asks_for_the_hash_before_downloading_and_an_unreadable_one_downloads_nothing()
    {
        var files = new ScriptedFiles
        {
            Features = ["EPSV", "SIZE", "HASH SHA-256*"],
            Override = async (c, line, _, _) =>
            {
                if (!line.StartsWith("HASH ", StringComparison.Ordinal))
                {
                    return false;
                }

                await c.SendAsync("213 computing, please wait\r\n");
                return true;
            },
        };
        files.Files["/big.bin"] = TestData.Bytes(300_000, 3);
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();
        using var local = new TempDirectory();

        var error = await Assert.ThrowsAsync<FtpProtocolException>(() =>
            client.DownloadFileAsync("/big.bin", local.Combine("big.bin"), new FtpTransferOptions { Verify = true }));
        Assert.Contains("HASH", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(files.Seen, line => line.StartsWith("RETR", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(local.Path));

        // -Resume beside an existing piece of the file: the same failure leaves no partial file behind.
        var target = local.WriteFile("big.bin", TestData.Bytes(300_000, 3)[..100_000]);
        await Assert.ThrowsAsync<FtpProtocolException>(() =>
            client.DownloadFileAsync("/big.bin", target, new FtpTransferOptions { Resume = true }));
        Assert.Equal(["big.bin"], Directory.GetFileSystemEntries(local.Path).Select(Path.GetFileName));
    }
}
