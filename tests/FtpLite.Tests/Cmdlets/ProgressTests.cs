using System.Management.Automation;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Cmdlets;

/// <summary>Write-Progress from Send and Receive: a parent bar over the files, a child bar per file.</summary>
public sealed class ProgressTests
{
    [Fact]
    public async Task Downloads_report_a_parent_bar_and_clamped_child_bars_that_complete()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("a.bin", TestData.Bytes(3 * 1024 * 1024, 1));
        fixture.Root.WriteFile("b.bin", TestData.Bytes(10, 2));
        fixture.Root.WriteFile("empty.bin", []);
        using var local = new TempDirectory();
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        using var receive = shell.Create("Receive-FtpLiteFile a.bin, b.bin, empty.bin -Destination ./d/");
        receive.Invoke();
        Assert.Empty(receive.Streams.Error);
        var records = receive.Streams.Progress.ToList();

        var parent = records.Where(r => r.ActivityId == 1).ToList();
        Assert.NotEmpty(parent);
        Assert.Equal(ProgressRecordType.Completed, parent[^1].RecordType);
        Assert.Contains(parent, r => r.StatusDescription.StartsWith("3 files", StringComparison.Ordinal));

        var children = records.Where(r => r.ActivityId == 2).ToList();
        Assert.All(children, r => Assert.Equal(1, r.ParentActivityId));
        Assert.All(children.Where(r => r.RecordType == ProgressRecordType.Processing), r => Assert.InRange(r.PercentComplete, -1, 100));
        Assert.Equal(3, children.Count(r => r.RecordType == ProgressRecordType.Completed));
        Assert.Contains(children, r => r.PercentComplete == 100 && r.Activity == "Downloading a.bin");
        Assert.Contains(children, r => r.PercentComplete == 100 && r.Activity == "Downloading empty.bin");
    }

    [Fact]
    public async Task Uploads_report_progress_too_and_ProgressPreference_silences_it()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var local = new TempDirectory();
        local.WriteFile("up.bin", TestData.Bytes(2 * 1024 * 1024, 3));
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        using (var send = shell.Create("Send-FtpLiteFile ./up.bin"))
        {
            send.Invoke();
            Assert.Contains(send.Streams.Progress, r => r.ActivityId == 2 && r.Activity == "Uploading up.bin" && r.PercentComplete == 100);
            Assert.Contains(send.Streams.Progress, r => r.ActivityId == 1 && r.StatusDescription.StartsWith("1 of 1 files", StringComparison.Ordinal));
        }

        using (var quiet = shell.Create("$ProgressPreference = 'SilentlyContinue'; Send-FtpLiteFile ./up.bin -Force"))
        {
            quiet.Invoke();
            Assert.Empty(quiet.Streams.Error);
            Assert.Empty(quiet.Streams.Progress);
        }
    }
}
