using System.Collections.Concurrent;
using System.Text;
using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// What the client asks a server without MLSD/MLST (vsftpd's kind) to describe a path: a file costs SIZE (and
/// MDTM where offered) and no data connection; a directory with entries costs one LIST. Checked against the
/// commands a scripted server records.
/// </summary>
public sealed class ListOnlyServerTests
{
    private const string Listing =
        "-rw-r--r--    1 0 0 5 Nov 26 09:56 a.txt\r\n" +
        "-rw-r--r--    1 0 0 7 Nov 26 09:56 b.txt\r\n";

    [Fact]
    public async Task A_file_is_described_by_size_without_a_listing()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = new ScriptedServer((c, token) => AnswerAsync(c, seen, token));
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(10) });

        var item = Assert.Single(await client.GetChildItemsAsync("/dir/a.txt"));

        Assert.Equal(FtpItemType.File, item.ItemType);
        Assert.Equal(5, item.Length);
        Assert.Equal(["SIZE /dir/a.txt"], seen);
    }

    [Fact]
    public async Task A_directory_with_entries_costs_one_listing()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = new ScriptedServer((c, token) => AnswerAsync(c, seen, token));
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(10) });

        var items = await client.GetChildItemsAsync("/dir");

        Assert.Equal(["/dir/a.txt", "/dir/b.txt"], items.Select(item => item.FullName));
        Assert.Equal(["SIZE /dir", "EPSV", "LIST /dir"], seen);
    }

    /// <summary>After the login: /dir is a folder holding a.txt (5 bytes) and b.txt; records every command.</summary>
    private static async Task AnswerAsync(ScriptedConnection c, ConcurrentQueue<string> seen, CancellationToken token)
    {
        await c.LoginAsync(token);
        System.Net.Sockets.TcpClient? data = null;
        while (await c.ReadLineAsync(token) is { } line)
        {
            seen.Enqueue(line);
            switch (line)
            {
                case "SIZE /dir/a.txt":
                    await c.SendAsync("213 5\r\n");
                    break;
                case "EPSV":
                    data = await c.AcceptDataAsync(token);
                    break;
                case "LIST /dir":
                    await c.SendAsync("150 listing\r\n");
                    await data!.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Listing), token);
                    data.Dispose();
                    await c.SendAsync("226 done\r\n");
                    break;
                case "QUIT":
                    await c.SendAsync("221 bye\r\n");
                    return;
                default:
                    await c.SendAsync("550 no\r\n");
                    break;
            }
        }
    }
}
