using System.Text;
using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>Issue 12 item 9: an endless listing or an endless tree is stopped with a clear error, memory bounded.</summary>
public sealed class EndlessServerTests
{
    private const string SubdirectoryLine = "drwxr-xr-x 1 1 1 0 Dec 02 03:07 d\r\n";

    [Fact]
    public async Task An_endless_listing_stops_at_the_cap()
    {
        await using var server = new ScriptedServer((c, token) => ServeAsync(c, endlessListing: true, token));
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(10), MaxListingEntries = 1000 });
        var error = await Assert.ThrowsAsync<FtpLimitExceededException>(() => client.ListDirectoryAsync("/"));
        Assert.Equal(FtpLimit.ListingEntries, error.Limit);
        Assert.Contains("more than 1000 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_tree_stops_at_the_total_cap()
    {
        await using var server = new ScriptedServer((c, token) => ServeAsync(c, endlessListing: false, token));
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(10) });
        var error = await Assert.ThrowsAsync<FtpLimitExceededException>(() => client.GetTreeAsync("/", null, maxEntries: 50));
        Assert.Equal(FtpLimit.TreeEntries, error.Limit);
    }

    [Fact]
    public async Task An_endless_tree_without_a_depth_stops_at_the_depth_cap()
    {
        await using var server = new ScriptedServer((c, token) => ServeAsync(c, endlessListing: false, token));
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(10) });
        var error = await Assert.ThrowsAsync<FtpLimitExceededException>(() => client.GetTreeAsync("/"));
        Assert.Equal(FtpLimit.TreeDepth, error.Limit);
        Assert.Equal(FtpClient.MaxTreeDepth + 1, error.Path.Count(c => c == '/'));
    }

    [Fact]
    public async Task A_depth_walks_part_of_an_endless_tree()
    {
        await using var server = new ScriptedServer((c, token) => ServeAsync(c, endlessListing: false, token));
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(10) });
        var tree = await client.GetTreeAsync("/", maxDepth: 3);
        Assert.Equal(["d", "d/d", "d/d/d", "d/d/d/d"], tree.Select(i => i.RelativePath));
    }

    /// <summary>Every directory holds one subdirectory "d", or (endless) a listing that never ends.</summary>
    private static async Task ServeAsync(ScriptedConnection c, bool endlessListing, CancellationToken token)
    {
        await c.LoginAsync(token);
        System.Net.Sockets.TcpClient? data = null;
        while (await c.ReadLineAsync(token) is { } line)
        {
            if (line == "EPSV")
            {
                data = await c.AcceptDataAsync(token);
            }
            else if (line.StartsWith("LIST ", StringComparison.Ordinal) && data is not null)
            {
                await c.SendAsync("150 listing\r\n");
                using (data)
                {
                    var stream = data.GetStream();
                    var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 100).Select(i => $"-rw-r--r-- 1 1 1 5 Dec 02 03:07 f{i}\r\n")));
                    try
                    {
                        if (endlessListing)
                        {
                            // Bounded only by the test: 100 MiB at most, far beyond the client's cap.
                            for (var sent = 0L; sent < 100L * 1024 * 1024; sent += chunk.Length)
                            {
                                await stream.WriteAsync(chunk, token);
                            }
                        }
                        else
                        {
                            await stream.WriteAsync(Encoding.ASCII.GetBytes(SubdirectoryLine), token);
                        }
                    }
                    catch (IOException)
                    {
                        // The client stopped reading and closed: what it should do.
                    }
                }

                data = null;
                await c.SendAsync(endlessListing ? "426 aborted\r\n" : "226 done\r\n");
            }
            else
            {
                await c.SendAsync(line switch
                {
                    "QUIT" => "221 bye\r\n",
                    "NOOP" => "200 ok\r\n",
                    "ABOR" => "226 abort ok\r\n",

                    // Every "d" is a folder the client may enter: a tree walk believes a listing that shows only
                    // a folder of the listed folder's own name once CWD has shown it to be readable.
                    _ when line.StartsWith("CWD ", StringComparison.Ordinal) => "250 ok\r\n",
                    _ => "550 no\r\n",
                });
            }
        }
    }
}
