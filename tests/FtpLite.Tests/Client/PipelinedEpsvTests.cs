using System.Net;
using System.Net.Sockets;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// Once EPSV has worked, the client sends each data command together with its EPSV (one round trip a file less).
/// A server that then refuses EPSV answers that command too (425: no data connection): the client reads that
/// reply, falls back to PASV, and the conversation stays in step.
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

    private static async Task<byte[]> DownloadAsync(FtpLite.Client.FtpClient client, string path)
    {
        using var received = new MemoryStream();
        await client.DownloadAsync(path, received);
        return received.ToArray();
    }
}
