using System.Management.Automation;
using FtpLite.PowerShell;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Cmdlets;

/// <summary>
/// The cmdlets where Pester cannot reach: a pipeline stopped (Ctrl+C) while the server holds a transfer still
/// (StallingFileSystem), a server stopped mid-download, a runspace closed with sessions open. Everything else
/// about the cmdlets (error ids, pipeline binding) lives in tests/Pester.
/// </summary>
public sealed class CmdletPipelineTests
{
    [Fact]
    public async Task Closing_a_runspace_closes_the_sessions_it_left_open()
    {
        await using var fixture = await ServerFixture.StartAsync();
        FtpLiteSession left;
        using (var shell = new HostedPowerShell())
        {
            left = (FtpLiteSession)Assert.Single(shell.Run("Connect-FtpLite -Port $args[0]", fixture.Port)).BaseObject;
            Assert.True(left.Client.IsConnected);
            Assert.Equal(1, fixture.Server.ConnectionCount);
        }

        // No Disconnect-FtpLite ran; the runspace's end closed the connection, and the server sees it go.
        Assert.False(left.Client.IsConnected);
        await Eventually.TrueAsync(() => fixture.Server.ConnectionCount == 0, "the server has seen the connection go");

        // Another runspace starts with no sessions of its own.
        using var next = new HostedPowerShell();
        Assert.Empty(next.Run("Get-FtpLiteSession"));
    }

    [Fact]
    public async Task Ctrl_C_during_a_download_leaves_no_file_and_the_session_usable()
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = stalling = new StallingFileSystem(fs),
        });
        fixture.Root.WriteFile("big.bin", TestData.Bytes(4 * 1024 * 1024));
        fixture.Root.WriteFile("small.txt", [7]);
        using var local = new TempDirectory();
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        using var download = shell.Create("Receive-FtpLiteFile big.bin");
        var running = download.BeginInvoke();
        await stalling!.Stalled.WaitAsync(TimeSpan.FromSeconds(20));
        download.Stop();
        Assert.Throws<PipelineStoppedException>(() => download.EndInvoke(running));
        stalling.Release();

        Assert.Empty(Directory.GetFileSystemEntries(local.Path));
        var names = shell.Run("Get-FtpLiteItem | ForEach-Object Name");
        Assert.Empty(shell.Errors);
        Assert.Equal(["big.bin", "small.txt"], names.Select(n => n.BaseObject).Cast<string>().Order());
        shell.Run("Receive-FtpLiteFile small.txt");
        Assert.Empty(shell.Errors);
        Assert.Equal([7], File.ReadAllBytes(local.Combine("small.txt")));
    }

    [Fact]
    public async Task Ctrl_C_during_an_upload_leaves_no_remote_file_and_the_session_usable()
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = stalling = new StallingFileSystem(fs),
        });
        using var local = new TempDirectory();
        local.WriteFile("big.bin", TestData.Bytes(8 * 1024 * 1024));
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        using var upload = shell.Create("Send-FtpLiteFile ./big.bin");
        var running = upload.BeginInvoke();
        await stalling!.Stalled.WaitAsync(TimeSpan.FromSeconds(20));
        upload.Stop();
        Assert.Throws<PipelineStoppedException>(() => upload.EndInvoke(running));
        stalling.Release();

        await Eventually.TrueAsync(() => Directory.GetFileSystemEntries(fixture.Root.Path).Length == 0, "the server discards the upload");
        shell.Run("Get-FtpLiteItem");
        Assert.Empty(shell.Errors);
        Assert.Empty(shell.Output);
    }

    [Fact]
    public async Task A_server_that_dies_mid_download_leaves_no_file()
    {
        StallingFileSystem? stalling = null;
        var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = stalling = new StallingFileSystem(fs),
        });
        await using var _ = fixture;
        fixture.Root.WriteFile("big.bin", TestData.Bytes(4 * 1024 * 1024));
        using var local = new TempDirectory();
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        using var download = shell.Create("Receive-FtpLiteFile big.bin");
        var running = download.BeginInvoke();
        await stalling!.Stalled.WaitAsync(TimeSpan.FromSeconds(20));
        await fixture.Server.StopAsync();
        download.EndInvoke(running);

        var error = Assert.Single(download.Streams.Error);
        Assert.Equal("FtpLite.CommandFailed,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal("The server refused RETR: 426 Transfer aborted.", error.Exception.Message);
        Assert.Empty(Directory.GetFileSystemEntries(local.Path));
    }
}
