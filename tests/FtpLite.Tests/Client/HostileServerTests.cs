using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>The client stays careful with servers that misbehave: a clear error, never a truncated file.</summary>
[Collection(TimingSensitive.Name)]
public sealed class HostileServerTests
{
    private static Task<FtpClient> ConnectAsync(ScriptedServer server, double timeoutSeconds = 10) =>
        FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(timeoutSeconds) });

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n")]
    [InlineData("\u0000\u0001\u0002garbage\r\n")]
    public async Task A_server_that_speaks_something_else_is_a_protocol_error(string greeting)
    {
        await using var server = new ScriptedServer(async (c, token) =>
        {
            await c.SendAsync(greeting);
            await Task.Delay(Timeout.Infinite, token);
        });
        await Assert.ThrowsAsync<FtpProtocolException>(() => ConnectAsync(server));
    }

    [Fact]
    public async Task An_endless_line_is_a_protocol_error_not_a_memory_leak()
    {
        await using var server = new ScriptedServer(async (c, token) =>
        {
            await c.SendAsync("220 ");
            var chunk = new string('x', 64 * 1024);
            for (var i = 0; i < 1024 && !token.IsCancellationRequested; i++)
            {
                await c.SendAsync(chunk);
            }
        });
        await Assert.ThrowsAsync<FtpProtocolException>(() => ConnectAsync(server));
    }

    [Fact]
    public async Task An_endless_multi_line_reply_is_a_protocol_error()
    {
        await using var server = new ScriptedServer(async (c, token) =>
        {
            await c.SendAsync("220-welcome\r\n");
            while (!token.IsCancellationRequested)
            {
                await c.SendAsync(" and more\r\n and more\r\n and more\r\n and more\r\n");
            }
        });
        await Assert.ThrowsAsync<FtpProtocolException>(() => ConnectAsync(server));
    }

    [Fact]
    public async Task A_server_that_never_greets_is_no_greeting()
    {
        await using var server = new ScriptedServer((c, token) => Task.Delay(Timeout.Infinite, token));
        var error = await Assert.ThrowsAsync<FtpConnectionException>(() => ConnectAsync(server, timeoutSeconds: 1));
        Assert.Equal(FtpConnectionFailure.NoGreeting, error.Failure);
        Assert.Contains("no FTP greeting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_stops_answering_mid_session_times_out()
    {
        await using var server = new ScriptedServer(async (c, token) =>
        {
            await c.LoginAsync(token);
            await c.ReadLineAsync(token);
            await Task.Delay(Timeout.Infinite, token);
        });
        await using var client = await ConnectAsync(server, timeoutSeconds: 1);
        await Assert.ThrowsAsync<FtpTimeoutException>(() => client.GetItemAsync("/x"));
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_server_that_closes_mid_download_leaves_no_file()
    {
        await using var server = new ScriptedServer(async (c, token) =>
        {
            await c.LoginAsync(token);
            while (await c.ReadLineAsync(token) is { } line)
            {
                if (line.StartsWith("SIZE", StringComparison.Ordinal))
                {
                    await c.SendAsync("213 1000000\r\n");
                }
                else if (line.StartsWith("EPSV", StringComparison.Ordinal))
                {
                    using var data = await c.AcceptDataAsync(token);
                    await c.ReadLineAsync(token); // RETR
                    await c.SendAsync("150 here it comes\r\n");
                    await data.GetStream().WriteAsync(new byte[300_000], token);
                    return; // the server dies: both connections close
                }
                else
                {
                    await c.SendAsync("200 ok\r\n");
                }
            }
        });
        await using var client = await ConnectAsync(server);
        using var local = new TempDirectory();
        var error = await Assert.ThrowsAsync<FtpConnectionException>(() => client.DownloadFileAsync("big.bin", local.Combine("big.bin")));
        Assert.Equal("The server closed the control connection.", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(local.Path));
    }

    [Fact]
    public async Task A_server_that_says_226_too_early_leaves_no_file()
    {
        await using var server = new ScriptedServer(async (c, token) =>
        {
            await c.LoginAsync(token);
            while (await c.ReadLineAsync(token) is { } line)
            {
                if (line.StartsWith("SIZE", StringComparison.Ordinal))
                {
                    await c.SendAsync("213 1000000\r\n");
                }
                else if (line.StartsWith("EPSV", StringComparison.Ordinal))
                {
                    using (var data = await c.AcceptDataAsync(token))
                    {
                        await c.ReadLineAsync(token); // RETR
                        await c.SendAsync("150 here it comes\r\n");
                        await data.GetStream().WriteAsync(new byte[1000], token);
                    }

                    await c.SendAsync("226 all done, honest\r\n");
                }
                else
                {
                    await c.SendAsync("200 ok\r\n");
                }
            }
        });
        await using var client = await ConnectAsync(server);
        using var local = new TempDirectory();
        var error = await Assert.ThrowsAsync<FtpException>(() => client.DownloadFileAsync("big.bin", local.Combine("big.bin")));
        Assert.Equal("The download of '/big.bin' ended after 1000 of 1000000 bytes; nothing was saved.", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(local.Path));
    }

    [Fact]
    public async Task A_listing_that_names_a_way_out_cannot_become_a_local_path()
    {
        Assert.Throws<FtpException>(() => FtpLite.IO.LocalNames.ToLocalFileName("/dir/.."));
        Assert.Throws<FtpException>(() => FtpLite.IO.LocalNames.ToLocalFileName("/dir/..\\..\\evil"));
        Assert.Throws<FtpException>(() => FtpLite.IO.LocalNames.ToLocalFileName("/"));
        Assert.Equal("fine name.txt", FtpLite.IO.LocalNames.ToLocalFileName("/dir/fine name.txt"));
        await Task.CompletedTask;
    }
}
