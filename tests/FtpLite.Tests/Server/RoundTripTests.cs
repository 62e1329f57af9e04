using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

public sealed class RoundTripTests
{
    [Theory]
    [InlineData("empty.bin", 0)]
    [InlineData("one.bin", 1)]
    [InlineData("with space.bin", 4096)]
    [InlineData("größe ñ 名前.bin", 65_537)]
    [InlineData("big.bin", 5 * 1024 * 1024 + 3)]
    public async Task Upload_list_download_delete_round_trips_every_byte(string name, int length)
    {
        await using var fixture = await ServerFixture.StartAsync();
        using var local = new TempDirectory();
        var content = TestData.Bytes(length, length);
        var source = local.WriteFile("source.bin", content);
        await using var client = await fixture.ConnectAsync();

        var (uploaded, _) = await client.UploadFileAsync(source, name);
        Assert.Equal("/" + name, uploaded.FullName);
        Assert.Equal(content, File.ReadAllBytes(fixture.Root.Combine(name)));

        var listing = await client.ListDirectoryAsync("/");
        var item = Assert.Single(listing);
        Assert.Equal(name, item.Name);
        Assert.Equal(length, item.Length);

        var (downloaded, _) = await client.DownloadFileAsync(name, local.Combine("copy.bin"));
        Assert.Equal(content, File.ReadAllBytes(downloaded.FullName));

        await client.DeleteFileAsync(name);
        Assert.Empty(await client.ListDirectoryAsync("/"));
        Assert.False(File.Exists(fixture.Root.Combine(name)));
        await client.DisconnectAsync();
    }
}
