using System.Management.Automation;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>Issue 12 item 8: names with ESC or CR never reach a console raw, on the server's side or the client's.</summary>
public sealed partial class HostileClientTests
{
    private const string HostileName = "\u001b]0;owned\u0007\u001b[31mevil\rX\u007f\u009b2J";
    private const string HostileNameShown = "␛]0;owned␇␛[31mevil␍X␡\uFFFD2J";

    [Fact]
    public async Task A_hostile_user_name_reaches_the_admins_verbose_output_escaped()
    {
        using var root = new TempDirectory();
        using var shell = new HostedPowerShell();
        using var pipeline = shell.Create("Start-FtpLiteServer -Root $args[0] -Port 0 -Wait -Verbose", root.Path);
        var output = new PSDataCollection<PSObject>();
        var started = new TaskCompletionSource<FtpServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        output.DataAdded += (_, e) => started.TrySetResult((FtpServer)output[e.Index].BaseObject);
        var failedLogin = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipeline.Streams.Verbose.DataAdded += (_, e) =>
        {
            if (pipeline.Streams.Verbose[e.Index].Message.Contains("LoginFailed", StringComparison.Ordinal))
            {
                failedLogin.TrySetResult();
            }
        };
        var run = pipeline.BeginInvoke<PSObject, PSObject>(null, output);
        try
        {
            var server = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await using (var raw = await RawFtp.ConnectAsync(server.Port, login: false))
            {
                Assert.Equal(331, (await raw.SendAsync("USER " + HostileName)).Code);
                Assert.Equal(530, (await raw.SendAsync("PASS x")).Code);
            }

            await failedLogin.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            pipeline.Stop();
        }

        var messages = pipeline.Streams.Verbose.Select(v => v.Message).ToList();
        Assert.Contains(messages, m => m.Contains(HostileNameShown, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotMatch("[\u0000-\u001f\u007f-\u009f]", m));
        _ = run;
    }

    [Fact]
    public async Task Hostile_remote_names_reach_the_clients_table_and_errors_escaped()
    {
        await using var server = new ScriptedServer(AnswerWithHostileNamesAsync);
        using var shell = new HostedPowerShell();
        shell.Run("Connect-FtpLite -Port $args[0] -TimeoutSec 10 | Out-Null", server.Port);
        Assert.Empty(shell.Errors);

        var table = string.Concat(shell.Run("Get-FtpLiteItem -LiteralPath /dir | Out-String -Width 300").Select(o => o.ToString()));
        Assert.Empty(shell.Errors);
        Assert.Contains("a␛[31mred␡.txt", table, StringComparison.Ordinal);
        Assert.Contains(" dir␛[2J", table, StringComparison.Ordinal);
        Assert.DoesNotMatch("[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]", table);

        // The error quotes the remote name: shown escaped, while the exception keeps it exactly.
        shell.Run("Get-FtpLiteItem -LiteralPath $args[0]", "/missing\u001b[2J");
        var error = Assert.Single(shell.Errors);
        Assert.Contains("/missing\u001b[2J", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("/missing␛[2J", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error.ToString());
    }

    /// <summary>A server whose /dir holds a file, and a folder, whose names carry terminal escapes.</summary>
    private static async Task AnswerWithHostileNamesAsync(ScriptedConnection c, CancellationToken token)
    {
        await c.LoginAsync(token);
        System.Net.Sockets.TcpClient? data = null;
        while (await c.ReadLineAsync(token) is { } line)
        {
            if (line == "EPSV")
            {
                data = await c.AcceptDataAsync(token);
            }
            else if (line == "LIST /dir")
            {
                await c.SendAsync("150 listing\r\n");
                var listing = "-rw-r--r-- 1 1 1 5 Dec 02 03:07 a\u001b[31mred\u007f.txt\r\ndrwxr-xr-x 1 1 1 0 Dec 02 03:07 dir\u001b[2J\r\n";
                await data!.GetStream().WriteAsync(System.Text.Encoding.UTF8.GetBytes(listing), token);
                data.Dispose();
                await c.SendAsync("226 done\r\n");
            }
            else
            {
                data?.Dispose();
                await c.SendAsync(line == "QUIT" ? "221 bye\r\n" : "550 no\r\n");
            }
        }
    }

    [Fact]
    public void Console_text_escapes_every_control_character_and_nothing_else()
    {
        Assert.Equal(HostileNameShown, FtpLite.ConsoleText.Escape(HostileName));
        Assert.Equal("plain ünïcode name.txt", FtpLite.ConsoleText.Escape("plain ünïcode name.txt"));
        Assert.Equal(string.Empty, FtpLite.ConsoleText.Escape(null));
    }
}
