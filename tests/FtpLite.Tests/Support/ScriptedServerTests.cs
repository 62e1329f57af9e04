using System.Net;
using System.Net.Sockets;

namespace FtpLite.Tests.Support;

/// <summary>The scripted server itself: a script that throws must fail the test that uses it.</summary>
public sealed class ScriptedServerTests
{
    [Fact]
    public async Task A_script_that_throws_fails_the_test_on_dispose()
    {
        var server = new ScriptedServer(async (c, token) =>
        {
            await c.SendAsync("220 scripted\r\n");
            throw new InvalidOperationException("the script's own check failed");
        });
        await WaitForServerToCloseAsync(server.Port);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => server.DisposeAsync().AsTask());
        Assert.Equal("the script's own check failed", thrown.Message);
    }

    [Fact]
    public async Task A_script_whose_peer_goes_away_does_not_fail_the_test()
    {
        var server = new ScriptedServer(async (c, token) =>
        {
            await c.SendAsync("220 scripted\r\n");
            // The client has closed: reading ends, then writing fails with an IOException, as in the hostile tests.
            while (await c.ReadLineAsync(token) is not null)
            {
            }

            for (var i = 0; i < 1000; i++)
            {
                await c.SendAsync(new string('x', 64 * 1024));
            }
        });
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, server.Port);
            client.Client.Close();
        }

        await server.DisposeAsync();
    }

    private static async Task WaitForServerToCloseAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await stream.ReadAsync(buffer, timeout.Token) > 0)
        {
        }
    }
}
