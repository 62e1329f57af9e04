using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// A cancelled download (Ctrl+C) sends ABOR, and servers answer it in every way: 426 then 226, 226 alone, 225,
/// nothing at all, more data first, or never. Whatever the answer, the call returns and the session stays
/// usable for the next command.
/// </summary>
public sealed class AbortTests
{
    public enum AbortAnswer
    {
        Reply426Then226,
        Reply226Alone,
        Reply225,
        NoReply,
        MoreDataThen426And226,
        NeverAgain,
    }

    [Theory]
    [InlineData(AbortAnswer.Reply426Then226)]
    [InlineData(AbortAnswer.Reply226Alone)]
    [InlineData(AbortAnswer.Reply225)]
    [InlineData(AbortAnswer.NoReply)]
    [InlineData(AbortAnswer.MoreDataThen426And226)]
    [InlineData(AbortAnswer.NeverAgain)]
    public async Task A_cancelled_download_returns_and_the_session_stays_usable(AbortAnswer answer)
    {
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var content = TestData.Bytes(4 * 1024 * 1024, 5);
        var files = new ScriptedFiles
        {
            Override = async (c, line, session, token) =>
            {
                if (line != "RETR /big.bin")
                {
                    return false;
                }

                await c.SendAsync("150 here it comes\r\n");
                var data = session.TakeData();
                await data.GetStream().WriteAsync(content.AsMemory(0, 200_000), token);
                sending.TrySetResult();
                while (await c.ReadLineAsync(token) is { } next && next != "ABOR")
                {
                }

                if (answer == AbortAnswer.MoreDataThen426And226)
                {
                    try
                    {
                        await data.GetStream().WriteAsync(content.AsMemory(200_000, 1_000_000), token);
                    }
                    catch (IOException)
                    {
                        // The client closed its end, as it should.
                    }
                }

                data.Dispose();
                switch (answer)
                {
                    case AbortAnswer.Reply426Then226 or AbortAnswer.MoreDataThen426And226:
                        await c.SendAsync("426 Connection closed; transfer aborted.\r\n226 ABOR successful.\r\n");
                        break;
                    case AbortAnswer.Reply226Alone:
                        await c.SendAsync("226 Abort successful\r\n");
                        break;
                    case AbortAnswer.Reply225:
                        await c.SendAsync("225 ABOR command successful.\r\n");
                        break;
                    case AbortAnswer.NeverAgain:
                        await Task.Delay(Timeout.Infinite, token); // a server stuck for good: the client must give up on its own
                        break;
                }

                return true;
            },
        };
        files.Files["/big.bin"] = content;
        files.Files["/small.bin"] = [1, 2, 3];
        await using var server = new ScriptedServer((c, _, token) => files.ServeAsync(c, token), connections: 2);

        // A long timeout: only the client's own bounded wait for the ABOR answers can end the call in time.
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(120) });
        using var stop = new CancellationTokenSource();
        var download = client.DownloadAsync("/big.bin", new MemoryStream(), cancellationToken: stop.Token);
        await sending.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(3, await client.GetSizeAsync("/small.bin"));
        using var copy = new MemoryStream();
        await client.DownloadAsync("/small.bin", copy);
        Assert.Equal([1, 2, 3], copy.ToArray());
    }
}
