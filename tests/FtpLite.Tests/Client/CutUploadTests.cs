using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// A cancelled upload (Ctrl+C) on a server that keeps a cut upload's bytes under the real name (as
/// pyftpdlib and others do): the client deletes what it sent, unless asked to resume later.
/// </summary>
public sealed class CutUploadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cancelled_upload_leaves_no_partial_file_unless_resuming(bool resume)
    {
        var receiving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ScriptedFiles files = null!;
        files = new ScriptedFiles
        {
            Override = async (c, line, session, token) =>
            {
                if (line != "STOR /up.bin")
                {
                    return false;
                }

                // Keeps whatever arrived under the real name, like a server with no atomic uploads.
                await c.SendAsync("150 send it\r\n");
                using var data = session.TakeData();
                var buffer = new byte[100_000];
                await data.GetStream().ReadExactlyAsync(buffer, token);
                files.Files["/up.bin"] = buffer;
                receiving.TrySetResult();
                while (await c.ReadLineAsync(token) is { } next && next != "ABOR")
                {
                }

                await c.SendAsync("426 Transfer aborted.\r\n226 ABOR successful.\r\n");
                return true;
            },
        };
        await using var server = new ScriptedServer((c, _, token) => files.ServeAsync(c, token), connections: 2);
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions { Port = server.Port, Timeout = TimeSpan.FromSeconds(60) });
        using var local = new TempDirectory();
        var source = local.WriteFile("up.bin", TestData.Bytes(64 * 1024 * 1024, 41));

        using var stop = new CancellationTokenSource();
        var upload = client.UploadFileAsync(source, "/up.bin", new FtpTransferOptions { Resume = resume }, null, stop.Token);
        await receiving.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);

        Assert.Equal(resume, files.Files.ContainsKey("/up.bin"));
        Assert.Equal(resume ? [] : ["DELE /up.bin"], files.Seen.Where(l => l.StartsWith("DELE", StringComparison.Ordinal)));
    }
}
