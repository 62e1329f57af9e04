using System.Net;
using FtpLite.Client;
using FtpLite.FileSystem;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>
/// The server behaves the same over every storage backend: each test runs on the disk, on
/// <see cref="MemoryFileSystem"/>, which has no disk, no FileStream and no OS errors, so anything the server
/// guessed from the disk's types instead of asking <see cref="IFtpFileSystem"/> fails here on memory, and on
/// <see cref="FtpLite.FileSystem.S3.S3FileSystem"/> over a real Ceph RADOS Gateway.
/// </summary>
[Collection(UsesCephS3.Name)]
public sealed class FileSystemBackendTests(CephS3Gateway gateway)
{
    [Theory]
    [InlineData("disk")]
    [InlineData("memory")]
    [InlineData("s3")]
    public async Task A_file_comes_back_byte_for_byte_in_binary_and_from_a_restart_offset(string backend)
    {
        await using var fixture = await StartAsync(backend);
        await using var client = await fixture.ConnectAsync();
        var content = TestData.Bytes(3 * 1024 * 1024 + 17, 1);

        await client.UploadAsync(new MemoryStream(content), "/big.bin");

        Assert.Equal(content, await DownloadAsync(client, "/big.bin"));
        Assert.Equal(content.Length, await client.GetSizeAsync("/big.bin"));
        using var tail = new MemoryStream();
        await client.DownloadAsync("/big.bin", tail, offset: 1_000_000);
        Assert.Equal(content[1_000_000..], tail.ToArray());
    }

    [Theory]
    [InlineData("disk")]
    [InlineData("memory")]
    [InlineData("s3")]
    public async Task Mfmt_sets_the_time_that_listings_and_mdtm_then_show(string backend)
    {
        await using var fixture = await StartAsync(backend);
        await using var client = await fixture.ConnectAsync();
        await client.UploadAsync(new MemoryStream(TestData.Bytes(10, 4)), "/t.bin");
        var time = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

        Assert.Null(await client.SetModificationTimeAsync("/t.bin", time));

        Assert.Equal(time, (await client.GetItemAsync("/t.bin"))!.LastWriteTimeUtc);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var mdtm = await raw.SendAsync("MDTM /t.bin");
        Assert.Equal(213, mdtm.Code);
        Assert.EndsWith("20010203040506", mdtm.LastLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("disk")]
    [InlineData("memory")]
    [InlineData("s3")]
    public async Task Listings_show_what_was_stored_with_its_size(string backend)
    {
        await using var fixture = await StartAsync(backend);
        await using var client = await fixture.ConnectAsync();
        await client.CreateDirectoryAsync("/d");
        await client.CreateDirectoryAsync("/d/sub");
        await client.UploadAsync(new MemoryStream(TestData.Bytes(1234, 2)), "/d/a.bin");
        await client.UploadAsync(new MemoryStream(TestData.Bytes(5, 3)), "/d/b.txt");

        var listed = await client.ListDirectoryAsync("/d");

        Assert.Equal(["a.bin", "b.txt", "sub"], listed.Select(item => item.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1234, listed.Single(item => item.Name == "a.bin").Length);
        Assert.True(listed.Single(item => item.Name == "sub").IsDirectory);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var (names, final, _) = await raw.ReceiveAsync("NLST /d");
        Assert.Equal(226, final.Code);
        Assert.Equal(["a.bin", "b.txt", "sub"], System.Text.Encoding.UTF8.GetString(names)
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(name => name.Split('/')[^1]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("disk")]
    [InlineData("memory")]
    [InlineData("s3")]
    public async Task Rename_moves_files_and_folders_and_replaces_a_file(string backend)
    {
        await using var fixture = await StartAsync(backend);
        await using var client = await fixture.ConnectAsync();
        var first = TestData.Bytes(1000, 4);
        await client.CreateDirectoryAsync("/from");
        await client.UploadAsync(new MemoryStream(first), "/from/a.bin");
        await client.UploadAsync(new MemoryStream(TestData.Bytes(10, 5)), "/old.bin");

        await client.RenameAsync("/from/a.bin", "/old.bin");
        await client.RenameAsync("/from", "/to");

        Assert.Equal(first, await DownloadAsync(client, "/old.bin"));
        Assert.Equal(["old.bin", "to"], (await client.ListDirectoryAsync("/")).Select(item => item.Name).Order(StringComparer.Ordinal));
        Assert.Equal(550, (await client.ExecuteAsync("RNFR /from/a.bin")).Code);
    }

    [Theory]
    [InlineData("disk")]
    [InlineData("memory")]
    [InlineData("s3")]
    public async Task Delete_removes_files_and_only_empty_folders(string backend)
    {
        await using var fixture = await StartAsync(backend);
        await using var client = await fixture.ConnectAsync();
        await client.CreateDirectoryAsync("/d");
        await client.UploadAsync(new MemoryStream(TestData.Bytes(10, 6)), "/d/f.bin");

        Assert.Equal(550, (await client.ExecuteAsync("RMD /d")).Code);
        Assert.Equal(550, (await client.ExecuteAsync("DELE /d")).Code);
        await client.DeleteFileAsync("/d/f.bin");
        Assert.Equal(550, (await client.ExecuteAsync("DELE /d/f.bin")).Code);
        await client.DeleteDirectoryAsync("/d");

        Assert.Empty(await client.ListDirectoryAsync("/"));
    }

    [Theory]
    [InlineData("disk")]
    [InlineData("memory")]
    [InlineData("s3")]
    public async Task Append_adds_to_the_end_and_a_restarted_upload_replaces_the_tail(string backend)
    {
        await using var fixture = await StartAsync(backend);
        await using var client = await fixture.ConnectAsync();
        var head = TestData.Bytes(5000, 7);
        var more = TestData.Bytes(3000, 8);
        var tail = TestData.Bytes(100, 9);
        await client.UploadAsync(new MemoryStream(head), "/f.bin");

        await client.UploadAsync(new MemoryStream(more), "/f.bin", append: true);
        Assert.Equal(head.Concat(more).ToArray(), await DownloadAsync(client, "/f.bin"));

        await client.UploadAsync(new MemoryStream(tail), "/f.bin", offset: 4000);
        Assert.Equal(head[..4000].Concat(tail).ToArray(), await DownloadAsync(client, "/f.bin"));
    }

    [Theory]
    [InlineData("disk")]
    [InlineData("memory")]
    [InlineData("s3")]
    public async Task An_upload_under_way_is_invisible_and_the_old_file_stays_whole_until_it_ends(string backend)
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await StartAsync(backend, fs => new StallingUploadsOnly(stalling = new StallingFileSystem(fs), fs));
        await using var client = await fixture.ConnectAsync();
        var old = TestData.Bytes(20_000, 10);
        var replacement = TestData.Bytes(1024 * 1024, 11);
        await client.UploadAsync(new MemoryStream(old), "/keep.bin");
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);

        using (var data = await raw.OpenDataAsync())
        {
            Assert.Equal(150, (await raw.SendAsync("STOR keep.bin")).Code);
            await data.GetStream().WriteAsync(replacement);
            data.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            await stalling!.Stalled.WaitAsync(TimeSpan.FromSeconds(20));

            var listed = Assert.Single(await client.ListDirectoryAsync("/"));
            Assert.Equal(("keep.bin", old.Length), (listed.Name, listed.Length));
            Assert.Equal(old, await DownloadAsync(client, "/keep.bin"));
            stalling.Release();
            Assert.Equal(226, (await raw.ReadAsync()).Code);
        }

        Assert.Equal(replacement, await DownloadAsync(client, "/keep.bin"));
    }

    [Fact]
    public async Task A_full_memory_file_system_answers_452_and_keeps_the_old_file()
    {
        var memory = new MemoryFileSystem(capacity: 1024 * 1024);
        var original = TestData.Bytes(100_000, 12);
        memory.WriteFile("/keep.bin", original);
        await using var server = new FtpServer(new FtpServerOptions { Address = IPAddress.Loopback, Port = 0, FileSystem = memory });
        await server.StartAsync();
        await using var client = await FtpClient.ConnectAsync(new() { Port = server.Port });

        var error = await Assert.ThrowsAsync<FtpCommandException>(() => client.UploadAsync(new MemoryStream(TestData.Bytes(2 * 1024 * 1024, 13)), "/keep.bin"));

        Assert.Equal(452, error.ReplyCode);
        Assert.Equal(original, memory.ReadFile("/keep.bin"));
        var fits = TestData.Bytes(500_000, 14);
        await client.UploadAsync(new MemoryStream(fits), "/fits.bin");
        Assert.Equal(fits, memory.ReadFile("/fits.bin"));
    }

    private async Task<ServerFixture> StartAsync(string backend, Func<IFtpFileSystem, IFtpFileSystem>? wrap = null)
    {
        var s3 = backend == "s3" ? await gateway.NewFileSystemAsync(GetType()) : null;
        return await ServerFixture.StartAsync(disk =>
        {
            IFtpFileSystem chosen = backend switch { "memory" => new MemoryFileSystem(), "s3" => s3!, _ => disk };
            return new FtpServerOptions { Address = IPAddress.Loopback, Port = 0, FileSystem = wrap?.Invoke(chosen) ?? chosen };
        });
    }

    /// <summary>Uploads stall in the middle; downloads run, so a test can read while an upload is held.</summary>
    private sealed class StallingUploadsOnly(StallingFileSystem stalling, IFtpFileSystem backend) : PassThroughFileSystem(stalling)
    {
        public override ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken) =>
            backend.OpenReadAsync(path, offset, cancellationToken);
    }

    private static async Task<byte[]> DownloadAsync(FtpClient client, string path)
    {
        using var received = new MemoryStream();
        await client.DownloadAsync(path, received);
        return received.ToArray();
    }
}
