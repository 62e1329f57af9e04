using System.Net.Sockets;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>An upload becomes visible only when complete; an interrupted one leaves the old file, or none.</summary>
public sealed class UploadAtomicityTests
{
    private static readonly byte[] Original = TestData.Bytes(10_000, 42);

    // More than the 32 KiB the server gathers before it writes to disk: some of it must reach the staged file.
    private static readonly byte[] Partial = TestData.Bytes(100_000, 7);

    [Fact]
    public async Task A_client_that_vanishes_mid_upload_leaves_the_old_file_and_no_temporary()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var target = fixture.Root.WriteFile("report.bin", Original);

        var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR report.bin")).Code);
        await data.GetStream().WriteAsync(Partial);
        await ServerHasReceivedAsync(fixture, 0);

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
        await data.GetStream().WriteAsync(Partial);
        await ServerHasReceivedAsync(fixture, 0);

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
        await data.GetStream().WriteAsync(Partial);
        await ServerHasReceivedAsync(fixture, 0);

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
        await data.GetStream().WriteAsync(Partial);
        await ServerHasReceivedAsync(fixture, 0);

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
        var replacement = TestData.Bytes(300_000, 9);
        using (var data = await raw.OpenDataAsync())
        {
            Assert.Equal(150, (await raw.SendAsync("STOR report.bin")).Code);
            await data.GetStream().WriteAsync(replacement.AsMemory(0, 100_000));
            await ServerHasReceivedAsync(fixture, 0);
            Assert.Equal(Original, File.ReadAllBytes(target));
            await data.GetStream().WriteAsync(replacement.AsMemory(100_000));
            data.Client.Shutdown(SocketShutdown.Send);
        }

        Assert.Equal(226, (await raw.ReadAsync()).Code);
        Assert.Equal(replacement, File.ReadAllBytes(target));
        Assert.Empty(TemporaryFiles(fixture));
    }

    [Fact]
    public async Task Appe_appends_to_an_existing_file_and_creates_a_missing_one()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var target = fixture.Root.WriteFile("log.bin", Original);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var more = TestData.Bytes(300_000, 8);

        foreach (var name in new[] { "log.bin", "new.bin" })
        {
            using (var data = await raw.OpenDataAsync())
            {
                Assert.Equal(150, (await raw.SendAsync("APPE " + name)).Code);
                await data.GetStream().WriteAsync(more);
            }

            Assert.Equal(226, (await raw.ReadAsync()).Code);
        }

        Assert.Equal([.. Original, .. more], File.ReadAllBytes(target));
        Assert.Equal(more, File.ReadAllBytes(fixture.Root.Combine("new.bin")));
        Assert.Empty(TemporaryFiles(fixture));
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_appe_leaves_the_file_as_it_was()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var target = fixture.Root.WriteFile("log.bin", Original);
        var raw = await RawFtp.ConnectAsync(fixture.Port);
        var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("APPE log.bin")).Code);
        await data.GetStream().WriteAsync(Partial);

        // An append is written in place after the existing bytes (a staged copy would cost a copy of the whole
        // file, see SECURITY.md): the file growing past them shows that the server has read the client's bytes.
        await Eventually.TrueAsync(() => new FileInfo(target).Length > Original.Length, "the server appends bytes it received");

        await raw.DisposeAsync();
        data.Client.Shutdown(SocketShutdown.Both);
        data.Dispose();

        await Eventually.TrueAsync(() => new FileInfo(target).Length == Original.Length, "the cut append is taken back");
        Assert.Equal(Original, File.ReadAllBytes(target));
        Assert.Empty(TemporaryFiles(fixture));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_reads_the_226_keeps_its_upload_whether_it_quits_or_just_closes(bool quit)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var target = fixture.Root.WriteFile("report.bin", Original);
        var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR report.bin")).Code);
        await data.GetStream().WriteAsync(Partial);
        data.Dispose();
        Assert.Equal(226, (await raw.ReadAsync()).Code);
        Assert.Equal(Partial, File.ReadAllBytes(target));
        if (quit)
        {
            Assert.Equal(221, (await raw.SendAsync("QUIT")).Code);
        }

        await raw.DisposeAsync();

        await Eventually.TrueAsync(() => fixture.Server.ConnectionCount == 0, "the server ends the session");
        Assert.Equal(Partial, File.ReadAllBytes(target));
        Assert.Empty(TemporaryFiles(fixture));
    }

    /// <summary>Waits until the one staged upload holds more than <paramref name="before"/> bytes: the server has read the client's bytes.</summary>
    private static Task ServerHasReceivedAsync(ServerFixture fixture, long before) =>
        Eventually.TrueAsync(() => TemporaryFiles(fixture) is [var staged] && new FileInfo(staged).Length > before, "the server stages bytes it received");

    private static string[] TemporaryFiles(ServerFixture fixture) =>
        Directory.GetFiles(fixture.Root.Path, ".ftplite-*", SearchOption.AllDirectories);
}
