using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Cmdlets;

/// <summary>Failures reach PowerShell as ErrorRecords with stable ids and fitting categories.</summary>
public sealed class CmdletErrorTests
{
    [Fact]
    public void No_session_is_a_terminating_NoSession_error()
    {
        using var shell = new HostedPowerShell();
        var error = Assert.ThrowsAny<RuntimeException>(() => shell.Run("$ErrorActionPreference = 'Stop'; Get-FtpLiteItem"));
        Assert.Equal("FtpLite.NoSession,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand", error.ErrorRecord.FullyQualifiedErrorId);
    }

    [Fact]
    public void Refused_connection()
    {
        using var shell = new HostedPowerShell();
        shell.Run("Connect-FtpLite -Port $args[0] -TimeoutSec 5", ClosedPort());
        var error = Assert.Single(shell.Errors);
        Assert.Equal("FtpLite.ConnectionRefused,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
    }

    [Fact]
    public void Unknown_host()
    {
        using var shell = new HostedPowerShell();
        shell.Run("Connect-FtpLite -ComputerName 'no-such-host.invalid' -TimeoutSec 10");
        var error = Assert.Single(shell.Errors);
        Assert.Equal("FtpLite.HostNotFound,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public async Task Rejected_login_never_shows_the_password()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            Users = [new NetworkCredential("alice", "correct-horse")],
        });
        using var shell = new HostedPowerShell();
        shell.Run("""
            $password = ConvertTo-SecureString 'wrong-battery-staple' -AsPlainText -Force
            Connect-FtpLite -Port $args[0] -Credential ([pscredential]::new('alice', $password))
            """, fixture.Port);
        var error = Assert.Single(shell.Errors);
        Assert.Equal("FtpLite.LoginFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.DoesNotContain("wrong-battery-staple", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-battery-staple", error.Exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_item_failures_are_non_terminating_unless_ErrorAction_Stop()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("here.txt", [1, 2, 3]);
        using var local = new TempDirectory();
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        var output = shell.Run("Receive-FtpLiteFile -Path missing.txt, here.txt");
        Assert.Equal("FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand", Assert.Single(shell.Errors).FullyQualifiedErrorId);
        Assert.Equal("here.txt", Assert.IsType<FileInfo>(Assert.Single(output).BaseObject).Name);
        Assert.False(File.Exists(local.Combine("missing.txt")));

        File.Delete(local.Combine("here.txt"));
        var stop = Assert.ThrowsAny<RuntimeException>(() => shell.Run("Receive-FtpLiteFile -Path missing.txt, here.txt -ErrorAction Stop"));
        Assert.Equal("FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand", stop.ErrorRecord.FullyQualifiedErrorId);
        Assert.False(File.Exists(local.Combine("here.txt")));
    }

    [Fact]
    public async Task Missing_local_file_and_existing_destinations()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("taken.txt", [9, 9]);
        using var local = new TempDirectory();
        local.WriteFile("taken.txt", [1]);
        using var shell = new HostedPowerShell(local.Path);
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        shell.Run("Send-FtpLiteFile -Path ./nope.txt");
        Assert.Equal("FtpLite.LocalFileNotFound,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand", Assert.Single(shell.Errors).FullyQualifiedErrorId);

        shell.Run("Send-FtpLiteFile -Path ./taken.txt");
        Assert.Equal("FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand", Assert.Single(shell.Errors).FullyQualifiedErrorId);
        Assert.Equal([9, 9], File.ReadAllBytes(fixture.Root.Combine("taken.txt")));

        shell.Run("Receive-FtpLiteFile -Path taken.txt");
        Assert.Equal("FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand", Assert.Single(shell.Errors).FullyQualifiedErrorId);
        Assert.Equal([1], File.ReadAllBytes(local.Combine("taken.txt")));

        shell.Run("Send-FtpLiteFile -Path ./taken.txt -Force; Receive-FtpLiteFile -Path taken.txt -Force");
        Assert.Empty(shell.Errors);
        Assert.Equal([1], File.ReadAllBytes(fixture.Root.Combine("taken.txt")));
    }

    [Fact]
    public async Task A_silent_server_is_NoGreeting_and_garbage_is_a_ProtocolError()
    {
        using var shell = new HostedPowerShell();
        await using (var silent = new ScriptedServer((c, token) => Task.Delay(Timeout.Infinite, token)))
        {
            shell.Run("Connect-FtpLite -Port $args[0] -TimeoutSec 1", silent.Port);
            var error = Assert.Single(shell.Errors);
            Assert.Equal("FtpLite.NoGreeting,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ProtocolError, error.CategoryInfo.Category);
        }

        await using (var garbage = new ScriptedServer(async (c, token) => await c.SendAsync("HTTP/1.0 200 OK\r\n")))
        {
            shell.Run("Connect-FtpLite -Port $args[0] -TimeoutSec 5", garbage.Port);
            var error = Assert.Single(shell.Errors);
            Assert.Equal("FtpLite.ProtocolError,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand", error.FullyQualifiedErrorId);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
