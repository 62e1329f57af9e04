using System.Management.Automation;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Cmdlets;

/// <summary>
/// Write-Progress from Send and Receive: a parent bar over the files, and a child bar for each file that takes
/// long enough to be worth one (quick files would otherwise spend more time drawing bars than moving bytes).
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ProgressTests
{
    [Fact]
    public async Task Quick_files_update_only_the_parent_bar_which_ends_completed()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("a.bin", TestData.Bytes(64 * 1024, 1));
        fixture.Root.WriteFile("b.bin", TestData.Bytes(10, 2));
        fixture.Root.WriteFile("empty.bin", []);
        using var local = new TempDirectory();
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        using var receive = shell.Create("Receive-FtpLiteFile a.bin, b.bin, empty.bin -Destination ./d/");
        receive.Invoke();
        Assert.Empty(receive.Streams.Error);
        var parent = receive.Streams.Progress.Where(r => r.ActivityId == 1).ToList();
        Assert.NotEmpty(parent);
        Assert.Equal(ProgressRecordType.Completed, parent[^1].RecordType);
        Assert.Contains(parent, r => r.StatusDescription.StartsWith("3 files, 64.0 KiB", StringComparison.Ordinal));
        Assert.All(receive.Streams.Progress, r => Assert.InRange(r.PercentComplete, -1, 100));
        Assert.All(receive.Streams.Progress, r => Assert.Equal(1, r.ActivityId));
    }

    [Fact]
    public async Task A_long_transfer_gets_its_own_bar_under_the_parent_and_it_is_cleared()
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = stalling = new StallingFileSystem(fs) });
        fixture.Root.WriteFile("slow.bin", TestData.Bytes(2 * 1024 * 1024, 3));
        using var local = new TempDirectory();
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        using var receive = shell.Create("Receive-FtpLiteFile slow.bin");
        var running = receive.BeginInvoke();
        await stalling!.Stalled.WaitAsync(TimeSpan.FromSeconds(20));
        // Not a wait for another party: a bar is drawn only for a transfer longer than the reporter's interval
        // (250 ms), so the stalled transfer is held that long and more; elapsed time only ever grows past it.
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        stalling.Release();
        receive.EndInvoke(running);
        Assert.Empty(receive.Streams.Error);

        var child = receive.Streams.Progress.Where(r => r.ActivityId == 2).ToList();
        Assert.NotEmpty(child);
        Assert.All(child, r => Assert.Equal(1, r.ParentActivityId));
        Assert.All(child, r => Assert.InRange(r.PercentComplete, -1, 100));
        Assert.Contains(child, r => r.Activity == "Downloading slow.bin" && r.PercentComplete == 100);
        Assert.Equal(ProgressRecordType.Completed, child[^1].RecordType);
        Assert.Equal(ProgressRecordType.Completed, receive.Streams.Progress[^1].RecordType);
    }

    [Fact]
    public async Task ProgressPreference_silences_it()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var local = new TempDirectory();
        local.WriteFile("up.bin", TestData.Bytes(2 * 1024 * 1024, 3));
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        using (var send = shell.Create("Send-FtpLiteFile ./up.bin"))
        {
            send.Invoke();
            Assert.Contains(send.Streams.Progress, r => r.ActivityId == 1 && r.StatusDescription.StartsWith("1 of 1 files", StringComparison.Ordinal));
        }

        using var quiet = shell.Create("$ProgressPreference = 'SilentlyContinue'; Send-FtpLiteFile ./up.bin -Force");
        quiet.Invoke();
        Assert.Empty(quiet.Streams.Error);
        Assert.Empty(quiet.Streams.Progress);
    }
}
