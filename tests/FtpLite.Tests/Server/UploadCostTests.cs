using System.Net.Sockets;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>
/// What an upload costs the server's disk, counted in bytes written (issue 12 item 7: five APPEs with no data
/// connection once copied 616 MiB, and a resume near the end of a big file copied all of it).
/// </summary>
[Collection(nameof(MeasuredAlone))]
public sealed class UploadCostTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Appe_and_rest_stor_without_a_data_connection_write_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var original = TestData.Bytes(32 * MiB, 5);
        var path = fixture.Root.WriteFile("big.bin", original);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);

        var before = MeasuredAlone.BytesWritten();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(425, (await raw.SendAsync("APPE big.bin")).Code);
            Assert.Equal(350, (await raw.SendAsync("REST 1000")).Code);
            Assert.Equal(425, (await raw.SendAsync("STOR big.bin")).Code);
        }

        var written = MeasuredAlone.BytesWritten() - before;
        Assert.True(written < MiB, $"Six refused uploads wrote {written} bytes.");
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("REST 62914560\r\nSTOR big.bin")]
    [InlineData("APPE big.bin")]
    public async Task Resuming_at_the_end_of_a_big_file_costs_only_the_new_bytes(string commands)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var original = TestData.Bytes(60 * MiB, 6);
        var path = fixture.Root.WriteFile("big.bin", original);
        var tail = TestData.Bytes(4 * MiB, 7);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        using var data = await raw.OpenDataAsync();

        var before = MeasuredAlone.BytesWritten();
        var lines = commands.Split("\r\n");
        foreach (var line in lines[..^1])
        {
            Assert.Equal(350, (await raw.SendAsync(line)).Code);
        }

        Assert.Equal(150, (await raw.SendAsync(lines[^1])).Code);
        await data.GetStream().WriteAsync(tail);
        data.Client.Shutdown(SocketShutdown.Send);
        Assert.Equal(226, (await raw.ReadAsync()).Code);
        var written = MeasuredAlone.BytesWritten() - before;

        // The 4 MiB sent and the 4 MiB stored, with room to spare; a copy of the 60 MiB kept would not fit.
        Assert.True(written < 16 * MiB, $"Appending 4 MiB to 60 MiB wrote {written / MiB} MiB.");
        Assert.Equal([.. original, .. tail], File.ReadAllBytes(path));
    }

    [Fact]
    public async Task An_aborted_append_leaves_the_old_bytes_only()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var original = TestData.Bytes(100_000, 8);
        var path = fixture.Root.WriteFile("f.bin", original);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        using var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("APPE f.bin")).Code);
        await data.GetStream().WriteAsync(TestData.Bytes(100_000, 9));
        await Eventually.TrueAsync(() => new FileInfo(path).Length > original.Length, "the append has begun");
        await raw.WriteLineAsync("ABOR");
        Assert.Equal(426, (await raw.ReadAsync()).Code);
        Assert.Equal(226, (await raw.ReadAsync()).Code);
        Assert.Equal(original, File.ReadAllBytes(path));
    }
}
