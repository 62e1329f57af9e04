using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// A session the server dropped for idleness (421, or just a closed socket) opens again on the next command,
/// with the same working directory, and says so.
/// </summary>
public sealed class ReconnectTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_dropped_session_is_reopened_on_the_next_command(bool says421)
    {
        var drop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var files = new ScriptedFiles();
        files.Files["/dir/a.txt"] = [1, 2, 3, 4, 5];
        await using var server = new ScriptedServer(async (c, number, token) =>
        {
            if (number > 0)
            {
                await files.ServeAsync(c, token);
                return;
            }

            var serving = files.ServeAsync(c, token);
            await drop.Task.WaitAsync(token);
            if (says421)
            {
                await c.SendAsync("421 Timeout.\r\n");
            }

            await c.DisposeAsync();
            try
            {
                await serving;
            }
            catch (ObjectDisposedException)
            {
            }
        }, connections: 2);
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(20) });
        var notes = new List<string>();
        client.Reopened += (_, note) => notes.Add(note);
        await client.ChangeDirectoryAsync("/dir");

        drop.SetResult();
        await Eventually.TrueAsync(() => !client.IsConnected, "the client sees the server hung up");
        Assert.False(client.IsClosed);

        Assert.Equal(5, await client.GetSizeAsync("a.txt"));
        Assert.True(client.IsConnected);
        Assert.Equal("/dir", client.WorkingDirectory);
        Assert.Equal(1, client.Reconnects);
        var note = Assert.Single(notes);
        Assert.Contains(says421 ? "421 Timeout." : "closed", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_refuses_the_new_connection_ends_the_session_naming_its_421()
    {
        var drop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var files = new ScriptedFiles();
        var server = new ScriptedServer(async (c, token) =>
        {
            var serving = files.ServeAsync(c, token);
            await drop.Task.WaitAsync(token);
            await c.SendAsync("421 Server shutting down.\r\n");
            await c.DisposeAsync();
            try
            {
                await serving;
            }
            catch (ObjectDisposedException)
            {
            }
        });
        await using var client = await server.ConnectClientAsync();
        drop.SetResult();
        await Eventually.TrueAsync(() => !client.IsConnected, "the client sees the server hung up");
        await server.DisposeAsync(); // the server is gone: nothing listens any more

        var error = await Assert.ThrowsAsync<FtpConnectionException>(() => client.GetSizeAsync("/x"));
        Assert.Equal(FtpConnectionFailure.ServiceUnavailable, error.Failure);
        Assert.Contains("421 Server shutting down.", error.Message, StringComparison.Ordinal);
        Assert.True(client.IsClosed);
    }

    [Fact]
    public async Task A_disconnected_session_stays_closed()
    {
        var files = new ScriptedFiles();
        await using var server = new ScriptedServer((c, _, token) => files.ServeAsync(c, token), connections: 2);
        var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(20) });
        await client.DisconnectAsync();
        Assert.True(client.IsClosed);
        await Assert.ThrowsAsync<FtpConnectionException>(() => client.GetSizeAsync("/x"));
    }
}
