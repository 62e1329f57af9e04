using System.Net;
using System.Net.Sockets;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// Once EPSV has worked, the client sends each data command together with its EPSV (one round trip a file less).
/// A server that then refuses EPSV answers that command too (425: no data connection): the client reads that
/// reply, falls back to PASV, and the conversation stays in step. A server that drops the command is found out
/// with a NOOP and gets each command alone; FtpClientOptions.PipelineCommands turns the pairing off.
/// </summary>
public sealed class PipelinedEpsvTests
{
    [Fact]
    public async Task A_server_that_stops_taking_epsv_gets_pasv_and_the_command_sent_with_the_epsv_is_answered_first()
    {
        var refuseEpsv = false;
        var files = new ScriptedFiles
        {
            Override = async (c, line, session, token) =>
            {
                if (line == "EPSV" && refuseEpsv)
                {
                    await c.SendAsync("502 EPSV disabled\r\n");
                    return true;
                }

                if (line == "PASV")
                {
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    try
                    {
                        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                        await c.SendAsync($"227 Entering Passive Mode (127,0,0,1,{port / 256},{port % 256})\r\n");
                        session.Data = await listener.AcceptTcpClientAsync(token);
                    }
                    finally
                    {
                        listener.Stop();
                    }

                    return true;
                }

                if (line.StartsWith("RETR ", StringComparison.Ordinal) && session.Data is null)
                {
                    await c.SendAsync("425 Use PORT or PASV first.\r\n");
                    return true;
                }

                return false;
            },
        };
        files.Files["/a.txt"] = [1, 2, 3];
        files.Files["/b.txt"] = [4, 5];
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();

        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));
        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));
        refuseEpsv = true;
        Assert.Equal([4, 5], await DownloadAsync(client, "/b.txt"));
        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));

        Assert.Equal(
            ["EPSV", "RETR /a.txt", "EPSV", "RETR /a.txt", "EPSV", "RETR /b.txt", "PASV", "RETR /b.txt", "PASV", "RETR /a.txt"],
            files.Seen.Where(line => line is "EPSV" or "PASV" || line.StartsWith("RETR ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_server_that_drops_the_command_sent_with_its_epsv_is_asked_with_noop_and_gets_each_command_alone_from_then_on()
    {
        var files = DroppingServer();
        await using var server = new ScriptedServer(files.ServeAsync);

        // Without the NOOP the second download would wait for this timeout and fail.
        await using var client = await FtpLite.Client.FtpClient.ConnectAsync(new FtpLite.Client.FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromMinutes(5) });

        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));
        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));
        Assert.Equal([4, 5], await DownloadAsync(client, "/b.txt"));

        Assert.Equal(
            ["EPSV", "RETR /a.txt", "EPSV", "NOOP", "EPSV", "RETR /a.txt", "EPSV", "RETR /b.txt"],
            files.Seen.Where(line => line is "EPSV" or "NOOP" || line.StartsWith("RETR ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_pipelining_off_each_command_goes_alone_from_the_start()
    {
        var files = DroppingServer();
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await FtpLite.Client.FtpClient.ConnectAsync(
            new FtpLite.Client.FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromMinutes(5), PipelineCommands = false });

        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));
        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));

        Assert.Equal(
            ["EPSV", "RETR /a.txt", "EPSV", "RETR /a.txt"],
            files.Seen.Where(line => line is "EPSV" or "NOOP" || line.StartsWith("RETR ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_server_slow_to_answer_the_pipelined_command_answers_it_before_the_noop_and_the_session_stays_in_step()
    {
        // The server answers the RETR sent with its EPSV only once the client's NOOP has arrived: as a server
        // slow to open a file would, without a clock in the test.
        var held = false;
        var files = new ScriptedFiles
        {
            Override = async (c, line, session, token) =>
            {
                if (line == "RETR /slow.txt" && !held)
                {
                    held = true;
                    Assert.Equal("NOOP", await c.ReadLineAsync(token));
                    await c.SendAsync("150 here it comes\r\n");
                    using (var data = session.TakeData())
                    {
                        await data.GetStream().WriteAsync(new byte[] { 7, 8, 9 }, token);
                    }

                    await c.SendAsync("226 done\r\n200 ok\r\n");
                    return true;
                }

                return false;
            },
        };
        files.Files["/a.txt"] = [1, 2, 3];
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await FtpLite.Client.FtpClient.ConnectAsync(new FtpLite.Client.FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromMinutes(5) });

        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));
        Assert.Equal([7, 8, 9], await DownloadAsync(client, "/slow.txt"));
        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));
        Assert.Equal([1, 2, 3], await DownloadAsync(client, "/a.txt"));

        // Still pipelined after the slow answer: each later RETR came in the same write as its EPSV, so no NOOP.
        Assert.Equal(
            ["EPSV", "RETR /a.txt", "EPSV", "RETR /slow.txt", "EPSV", "RETR /a.txt", "EPSV", "RETR /a.txt"],
            files.Seen.Where(line => line is "EPSV" or "NOOP" || line.StartsWith("RETR ", StringComparison.Ordinal)));
    }

    /// <summary>A server that throws away whatever the client sent with its EPSV, before answering it.</summary>
    private static ScriptedFiles DroppingServer()
    {
        var files = new ScriptedFiles
        {
            Override = async (c, line, session, token) =>
            {
                if (line != "EPSV")
                {
                    return false;
                }

                c.DiscardUnread();
                session.Data = await c.AcceptDataAsync(token);
                return true;
            },
        };
        files.Files["/a.txt"] = [1, 2, 3];
        files.Files["/b.txt"] = [4, 5];
        return files;
    }

    private static async Task<byte[]> DownloadAsync(FtpLite.Client.FtpClient client, string path)
    {
        using var received = new MemoryStream();
        await client.DownloadAsync(path, received);
        return received.ToArray();
    }
}
