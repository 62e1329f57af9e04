using System.Management.Automation;
using FtpLite.Server;
using FtpLite.Sync;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Cmdlets;

/// <summary>
/// Sync-FtpLiteItem in a hosted runspace, where a test can stop the pipeline (Ctrl+C) in the middle of a
/// transfer, and against a server that refuses to list one folder.
/// </summary>
public sealed class SyncCmdletTests
{
    private const string SyncScript = "Sync-FtpLiteItem -LiteralPath $args[0] -RemotePath /www -Direction $args[1]";

    [Theory]
    [InlineData("Upload")]
    [InlineData("Download")]
    public async Task A_sync_stopped_mid_transfer_leaves_nothing_partial_and_a_rerun_ends_identical(string direction)
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = stalling = new StallingFileSystem(fs) });
        using var local = new TempDirectory();
        var source = direction == "Upload" ? local.Path : fixture.Root.Combine("www");
        var target = direction == "Upload" ? fixture.Root.Combine("www") : local.Path;
        Directory.CreateDirectory(source);
        WriteTree(source);
        using var shell = new HostedPowerShell();
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        using (var sync = shell.Create(SyncScript, local.Path, direction))
        {
            var running = sync.BeginInvoke();
            await stalling!.Stalled.WaitAsync(TimeSpan.FromSeconds(20));
            sync.Stop();
            Assert.Throws<PipelineStoppedException>(() => sync.EndInvoke(running));
            stalling.Release();
        }

        // Whatever the stop left, the big file is never there cut short under its own name.
        await Eventually.TrueAsync(() => !File.Exists(Path.Combine(target, "big.bin")) || new FileInfo(Path.Combine(target, "big.bin")).Length == BigLength,
            "no cut big.bin stays under its name");

        var output = shell.Run(SyncScript, local.Path, direction);

        Assert.Empty(shell.Errors);
        Assert.True(Assert.IsType<SyncSummary>(output[^1].BaseObject).Succeeded);
        await Eventually.TrueAsync(() => TreeText(target) == TreeText(source), "the target matches the source");
    }

    [Fact]
    public async Task A_folder_the_server_will_not_list_keeps_its_local_copy_and_is_reported()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = new RefusingFolderFileSystem(fs, "/www/locked") });
        fixture.Root.WriteFile("www/locked/a.txt", [1]);
        fixture.Root.WriteFile("www/open.txt", [2]);
        using var local = new TempDirectory();
        local.WriteFile("locked/a.txt", [1]);
        local.WriteFile("locked/older.txt", [3]);
        local.WriteFile("extra.txt", [4]);
        using var shell = new HostedPowerShell();
        shell.Run("$null = Connect-FtpLite -Port $args[0]", fixture.Port);

        var output = shell.Run(SyncScript + " -Delete -Force", local.Path, "Download");

        Assert.Empty(shell.Errors);
        Assert.True(File.Exists(local.Combine("locked", "a.txt")));
        Assert.True(File.Exists(local.Combine("locked", "older.txt")));
        Assert.False(File.Exists(local.Combine("extra.txt")));
        Assert.Equal([2], File.ReadAllBytes(local.Combine("open.txt")));
        var summary = Assert.IsType<SyncSummary>(output[^1].BaseObject);
        Assert.Equal(["locked"], summary.IncompleteFolders);
        var kept = output.Select(o => o.BaseObject).OfType<SyncResult>().Where(r => r.SkipReason == SyncSkipReason.SourceNotListed);
        Assert.Equal(["locked/a.txt", "locked/older.txt"], kept.Select(r => r.RelativePath).Order(StringComparer.Ordinal));
    }

    private const int BigLength = 8 * 1024 * 1024;

    /// <summary>Small files on either side of a big one, so the stop lands with some done and some not.</summary>
    private static void WriteTree(string root)
    {
        File.WriteAllBytes(Path.Combine(root, "a first.txt"), TestData.Bytes(10, 1));
        File.WriteAllBytes(Path.Combine(root, "big.bin"), TestData.Bytes(BigLength, 2));
        Directory.CreateDirectory(Path.Combine(root, "sub [1]"));
        File.WriteAllBytes(Path.Combine(root, "sub [1]", "ünï.txt"), TestData.Bytes(20, 3));
        File.WriteAllBytes(Path.Combine(root, "zero.bin"), []);
    }

    /// <summary>A tree as text (relative paths and a hash of each file), to compare two trees in one assertion.</summary>
    private static string TreeText(string root) => string.Join('\n', Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
        .Select(path => (Relative: Path.GetRelativePath(root, path), Path: path))
        .Order()
        .Select(e => File.Exists(e.Path) ? $"f {e.Relative} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(e.Path)))}" : $"d {e.Relative}"));
}
