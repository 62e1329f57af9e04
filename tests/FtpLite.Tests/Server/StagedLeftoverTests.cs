using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>No staged upload outlives its transfer, or the server that made it (issue 12 item 3).</summary>
public sealed class StagedLeftoverTests
{
    private const string StaleName = ".ftplite-0123456789abcdef.part";

    [Fact]
    public async Task Starting_the_server_removes_stale_staged_files_but_not_live_ones_or_other_hidden_files()
    {
        using var root = new TempDirectory();
        var stale = Path.Combine(root.Path, StaleName);
        var deepStale = Path.Combine(root.Path, "sub", "deeper", StaleName);
        var live = Path.Combine(root.Path, ".ftplite-fedcba9876543210.part");
        var other = Path.Combine(root.Path, ".keep");
        foreach (var path in new[] { stale, deepStale, other })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [1, 2, 3]);
        }

        // Held as a staged file is held while its upload runs (by this process or another).
        await using (var writer = new FileStream(live, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            await using var server = new FtpLite.Server.FtpServer(new FtpLite.Server.FtpServerOptions
            {
                Port = 0,
                FileSystem = new FtpLite.FileSystem.DiskFileSystem(root.Path),
            });
            await server.StartAsync();

            Assert.False(File.Exists(stale));
            Assert.False(File.Exists(deepStale));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(other));
        }
    }

    [Fact]
    public async Task A_folder_holding_only_stale_staged_files_can_be_removed()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile(Path.Combine("stage", StaleName), [1, 2, 3]);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(250, (await raw.SendAsync("RMD stage")).Code);
        Assert.False(Directory.Exists(fixture.Root.Combine("stage")));
    }

    [Fact]
    public async Task A_folder_with_a_running_upload_is_not_empty()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Directory.CreateDirectory(fixture.Root.Combine("stage"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        using var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR stage/f.bin")).Code);
        await data.GetStream().WriteAsync(TestData.Bytes(3000, 7));
        await Eventually.TrueAsync(() => StagedFiles(fixture).Length == 1, "the upload is being staged");

        await using var other = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(550, (await other.SendAsync("RMD stage")).Code);
        Assert.Single(StagedFiles(fixture));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Renaming_the_folder_of_a_running_upload_leaves_no_staged_file(bool finishUpload)
    {
        await using var fixture = await ServerFixture.StartAsync();
        Directory.CreateDirectory(fixture.Root.Combine("stage"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR stage/f.bin")).Code);
        await data.GetStream().WriteAsync(TestData.Bytes(3000, 7));
        await Eventually.TrueAsync(() => StagedFiles(fixture).Length == 1, "the upload is being staged");

        await using (var other = await RawFtp.ConnectAsync(fixture.Port))
        {
            Assert.Equal(350, (await other.SendAsync("RNFR stage")).Code);
            Assert.Equal(250, (await other.SendAsync("RNTO stage_moved")).Code);
        }

        if (finishUpload)
        {
            data.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            // Its folder is gone, so it cannot land: the client hears so.
            Assert.Equal(550, (await raw.ReadAsync()).Code);
        }
        else
        {
            await raw.WriteLineAsync("ABOR");
            Assert.Equal(426, (await raw.ReadAsync()).Code);
            Assert.Equal(226, (await raw.ReadAsync()).Code);
        }

        data.Dispose();
        Assert.Empty(StagedFiles(fixture));
        Assert.Equal(250, (await raw.SendAsync("RMD stage_moved")).Code);
    }

    internal static string[] StagedFiles(ServerFixture fixture) =>
        Directory.GetFiles(fixture.Root.Path, ".ftplite-*", SearchOption.AllDirectories);
}
