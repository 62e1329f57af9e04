using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_clients_upload_and_download_at_once_and_every_byte_arrives()
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var local = new TempDirectory();
        const int clients = 50;
        var shared = Enumerable.Range(0, clients).Select(i => TestData.Bytes(64 * 1024 + i, 1000 + i)).ToArray();

        await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            await using var client = await fixture.ConnectAsync();
            var mine = TestData.Bytes(100_000 + i, i);
            var source = local.WriteFile($"up-{i}.bin", mine);
            await client.UploadFileAsync(source, $"own-{i}.bin");
            var (back, _) = await client.DownloadFileAsync($"own-{i}.bin", local.Combine($"down-{i}.bin"));
            Assert.Equal(mine, File.ReadAllBytes(back.FullName));

            // Everyone also writes the same name: the survivor must be one whole upload, never a mix.
            await client.UploadFileAsync(local.WriteFile($"shared-{i}.bin", shared[i]), "shared.bin", new FtpTransferOptions { Overwrite = true });
            await client.DisconnectAsync();
        }));

        var survivor = File.ReadAllBytes(fixture.Root.Combine("shared.bin"));
        Assert.Contains(shared, candidate => candidate.AsSpan().SequenceEqual(survivor));
        Assert.Empty(Directory.GetFiles(fixture.Root.Path, ".ftplite-*"));
        Assert.Equal(clients, Directory.GetFiles(fixture.Root.Path, "own-*").Length);
    }

    [Fact]
    public async Task Deleting_a_file_while_it_downloads_does_not_break_the_download()
    {
        var content = TestData.Bytes(1024 * 1024, 3);
        var downloaded = await DownloadWhileAsync(content, async (_, client, _) =>
        {
            await client.DeleteFileAsync("doomed.bin");
            Assert.Null(await client.GetItemAsync("doomed.bin"));
        });
        Assert.Equal(content, downloaded);
    }

    [Fact]
    public async Task Replacing_a_file_while_it_downloads_finishes_the_download_with_the_old_bytes()
    {
        var before = TestData.Bytes(1024 * 1024, 4);
        var after = TestData.Bytes(1024 * 1024, 5);
        var downloaded = await DownloadWhileAsync(before, (fixture, _, local) =>
        {
            // Replaced as the server's own uploads replace a file (a new file renamed over the name); an upload
            // through this server would stall too, as the stalling file system holds every transfer's first chunk.
            File.Move(local.WriteFile("new.bin", after), fixture.Root.Combine("doomed.bin"), overwrite: true);
            Assert.Equal(after, File.ReadAllBytes(fixture.Root.Combine("doomed.bin")));
            return Task.CompletedTask;
        });
        Assert.Equal(before, downloaded);
    }

    /// <summary>
    /// Downloads "doomed.bin" (holding <paramref name="content"/>), runs <paramref name="meanwhile"/> while the
    /// download has sent its first chunk and waits, then lets it finish; returns the downloaded bytes.
    /// </summary>
    private static async Task<byte[]> DownloadWhileAsync(byte[] content, Func<ServerFixture, FtpClient, TempDirectory, Task> meanwhile)
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpLite.Server.FtpServerOptions
        {
            Port = 0,
            FileSystem = stalling = new StallingFileSystem(fs),
        });
        fixture.Root.WriteFile("doomed.bin", content);
        using var local = new TempDirectory();
        await using var reader = await fixture.ConnectAsync();
        await using var other = await fixture.ConnectAsync();

        var download = reader.DownloadFileAsync("doomed.bin", local.Combine("doomed.bin"));
        await stalling!.Stalled.WaitAsync(TimeSpan.FromSeconds(20));
        await meanwhile(fixture, other, local);
        stalling.Release();

        var (file, _) = await download;
        return File.ReadAllBytes(file.FullName);
    }

    [Fact]
    public async Task Two_appends_to_one_file_at_once_both_land()
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpLite.Server.FtpServerOptions { Port = 0, FileSystem = stalling = new StallingFileSystem(fs) });
        var original = TestData.Bytes(10_000, 1);
        var path = fixture.Root.WriteFile("log.bin", original);
        var first = TestData.Bytes(1024 * 1024, 2);
        var second = TestData.Bytes(1024 * 1024, 3);
        await using var one = await RawFtp.ConnectAsync(fixture.Port);
        await using var two = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await one.SendAsync("TYPE I")).Code);
        Assert.Equal(200, (await two.SendAsync("TYPE I")).Code);
        using var dataOne = await one.OpenDataAsync();
        using var dataTwo = await two.OpenDataAsync();

        // The first append is under way and held in the middle; the second one then starts.
        Assert.Equal(150, (await one.SendAsync("APPE log.bin")).Code);
        var sendOne = SendAllAsync(dataOne, first);
        await stalling!.Stalled;
        Assert.Equal(150, (await two.SendAsync("APPE log.bin")).Code);
        var sendTwo = SendAllAsync(dataTwo, second);
        stalling.Release();

        await Task.WhenAll(sendOne, sendTwo);
        Assert.Equal(226, (await one.ReadAsync()).Code);
        Assert.Equal(226, (await two.ReadAsync()).Code);
        Assert.Equal([.. original, .. first, .. second], File.ReadAllBytes(path));
    }

    private static async Task SendAllAsync(System.Net.Sockets.TcpClient data, byte[] bytes)
    {
        await data.GetStream().WriteAsync(bytes);
        data.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
    }
}
