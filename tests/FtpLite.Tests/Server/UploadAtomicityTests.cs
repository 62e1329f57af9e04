using System.Net.Sockets;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>An upload becomes visible only when complete; an interrupted one leaves the old file, or none.</summary>
public sealed class UploadAtomicityTests
{
    private static readonly byte[] Original = TestData.Bytes(10_000, 42);

    [Fact]
    public async Task A_client_that_vanishes_mid_upload_leaves_the_old_file_and_no_temporary()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var target = fixture.Root.WriteFile("report.bin", Original);

        var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR report.bin")).Code);
        await data.GetStream().WriteAsync(TestData.Bytes(3000, 7));
        await Eventually.TrueAsync(() => TemporaryFiles(fixture).Length == 1, "the upload is being staged");

        // As when the client process dies: both connections end, the control connection first.
        await raw.DisposeAsync();
        data.Client.Shutdown(SocketShutdown.Both);
        data.Dispose();

        await Eventually.TrueAsync(() => TemporaryFiles(fixture).Length == 0, "the staged upload is discarded");
        Assert.Equal(Original, File.ReadAllBytes(target));
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_upload_of_a_new_file_leaves_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR new.bin")).Code);
        await data.GetStream().WriteAsync(TestData.Bytes(3000, 7));
        await Eventually.TrueAsync(() => TemporaryFiles(fixture).Length == 1, "the upload is being staged");

        await raw.DisposeAsync();
        data.Dispose();

        await Eventually.TrueAsync(() => TemporaryFiles(fixture).Length == 0, "the staged upload is discarded");
        Assert.Empty(Directory.GetFileSystemEntries(fixture.Root.Path));
    }

    [Fact]
    public async Task Abor_mid_upload_keeps_the_old_file_and_the_session_goes_on()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var target = fixture.Root.WriteFile("report.bin", Original);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        using var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR report.bin")).Code);
        await data.GetStream().WriteAsync(TestData.Bytes(3000, 7));
        await Eventually.TrueAsync(() => TemporaryFiles(fixture).Length == 1, "the upload is being staged");

        await raw.WriteLineAsync("ABOR");
        Assert.Equal(426, (await raw.ReadAsync()).Code);
        Assert.Equal(226, (await raw.ReadAsync()).Code);
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);

        Assert.Equal(Original, File.ReadAllBytes(target));
        await Eventually.TrueAsync(() => TemporaryFiles(fixture).Length == 0, "the staged upload is discarded");
    }

    [Fact]
    public async Task Stopping_the_server_mid_upload_keeps_the_old_file_and_tells_the_client()
    {
        var fixture = await ServerFixture.StartAsync();
        await using var _ = fixture;
        var target = fixture.Root.WriteFile("report.bin", Original);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        using var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR report.bin")).Code);
        await data.GetStream().WriteAsync(TestData.Bytes(3000, 7));
        await Eventually.TrueAsync(() => TemporaryFiles(fixture).Length == 1, "the upload is being staged");

        await fixture.Server.StopAsync();

        var codes = new List<int> { (await raw.ReadAsync()).Code };
        codes.Add((await raw.ReadAsync()).Code);
        Assert.Equal([426, 421], codes);
        Assert.Equal(Original, File.ReadAllBytes(target));
        Assert.Empty(TemporaryFiles(fixture));
    }

    [Fact]
    public async Task A_complete_upload_replaces_the_old_file_at_once()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var target = fixture.Root.WriteFile("report.bin", Original);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var replacement = TestData.Bytes(20_000, 9);
        using (var data = await raw.OpenDataAsync())
        {
            Assert.Equal(150, (await raw.SendAsync("STOR report.bin")).Code);
            await data.GetStream().WriteAsync(replacement.AsMemory(0, 5000));
            Assert.Equal(Original, File.ReadAllBytes(target));
            await data.GetStream().WriteAsync(replacement.AsMemory(5000));
            data.Client.Shutdown(SocketShutdown.Send);
        }

        Assert.Equal(226, (await raw.ReadAsync()).Code);
        Assert.Equal(replacement, File.ReadAllBytes(target));
        Assert.Empty(TemporaryFiles(fixture));
    }

    private static string[] TemporaryFiles(ServerFixture fixture) =>
        Directory.GetFiles(fixture.Root.Path, ".ftplite-*", SearchOption.AllDirectories);
}
