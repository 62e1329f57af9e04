using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Interop;

/// <summary>
/// Modification times kept both ways, to the second: uploads set the remote time (MFMT on FtpLite's server and
/// pyftpdlib, MDTM with a time on vsftpd), downloads take the remote time; a server that can set no time still
/// takes the upload, and the result says why the time is the server's.
/// </summary>
public sealed class PreserveTimeTests
{
    // Half a second past: what is kept is the whole second, the precision MDTM and listings give back.
    private static readonly DateTime LocalTime = new(2021, 3, 4, 5, 6, 7, 500, DateTimeKind.Utc);
    private static readonly DateTime RemoteTime = new(2019, 11, 12, 13, 14, 15, DateTimeKind.Utc);

    private static readonly FtpTransferOptions Preserve = new() { PreserveTime = true };

    public static TheoryData<PeerKind> Peers => new() { PeerKind.Pyftpdlib, PeerKind.Vsftpd };

    [Fact]
    public async Task Times_round_trip_both_ways_with_ftplites_server()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var client = await fixture.ConnectAsync();
        await RoundTripAsync(client, fixture.Root);
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task Times_round_trip_both_ways_with_a_peer(PeerKind kind)
    {
        await using var peer = await PeerServer.StartAsync(kind);
        await using var client = await peer.ConnectAsync();
        Assert.Equal(kind == PeerKind.Pyftpdlib, client.Features.Contains("MFMT"));
        await RoundTripAsync(client, peer.Root);
    }

    [Fact]
    public async Task Vsftpd_without_mdtm_write_takes_the_upload_and_says_the_time_is_its_own()
    {
        await using var peer = await PeerServer.StartAsync(PeerKind.Vsftpd, "mdtm_write=NO");
        await using var client = await peer.ConnectAsync();
        using var local = new TempDirectory("ftplite-client-");
        var content = TestData.Bytes(3000);
        var source = local.WriteFile("a file.bin", content);
        File.SetLastWriteTimeUtc(source, LocalTime);

        for (var i = 0; i < 2; i++)
        {
            var (item, result) = await client.UploadFileAsync(source, "/a file.bin", Preserve with { Overwrite = true });

            Assert.Equal(content, File.ReadAllBytes(peer.Root.Combine("a file.bin")));
            Assert.Equal("the server has no MFMT and does not set times with MDTM", result.TimeNotPreservedBecause);
            Assert.NotEqual(LocalTime.Year, File.GetLastWriteTimeUtc(peer.Root.Combine("a file.bin")).Year);
            Assert.NotEqual(LocalTime.Year, item.LastWriteTimeUtc!.Value.Year);
        }
    }

    [Fact]
    public async Task Without_the_option_an_upload_keeps_the_servers_time()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var client = await fixture.ConnectAsync();
        using var local = new TempDirectory("ftplite-client-");
        var source = local.WriteFile("plain.bin", TestData.Bytes(10));
        File.SetLastWriteTimeUtc(source, LocalTime);

        var (_, result) = await client.UploadFileAsync(source, "/plain.bin");

        Assert.Null(result.TimeNotPreservedBecause);
        Assert.NotEqual(LocalTime.Year, File.GetLastWriteTimeUtc(fixture.Root.Combine("plain.bin")).Year);
    }

    [Fact]
    public async Task A_file_listed_by_list_gets_the_exact_second_from_mdtm()
    {
        await using var peer = await PeerServer.StartAsync(PeerKind.Vsftpd);
        await using var client = await peer.ConnectAsync();
        using var local = new TempDirectory("ftplite-client-");
        var remote = peer.Root.WriteFile("listed.bin", TestData.Bytes(100));
        var recent = DateTime.UtcNow.Date.AddDays(-10).AddHours(3).AddMinutes(4).AddSeconds(37);
        File.SetLastWriteTimeUtc(remote, recent);
        var listed = Assert.Single(await client.GetChildItemsAsync("/"));

        // LIST tells the minute only; MDTM the second.
        Assert.Equal(recent.AddSeconds(-37), listed.LastWriteTimeUtc);
        var (plain, _) = await client.DownloadFileAsync(listed, local.Combine("plain.bin"));
        var (exact, _) = await client.DownloadFileAsync(listed, local.Combine("exact.bin"), Preserve);

        Assert.Equal(recent.AddSeconds(-37), plain.LastWriteTimeUtc);
        Assert.Equal(recent, exact.LastWriteTimeUtc);
    }

    private static async Task RoundTripAsync(FtpClient client, TempDirectory remoteRoot)
    {
        using var local = new TempDirectory("ftplite-client-");
        var content = TestData.Bytes(5000);
        var source = local.WriteFile("up [1] é.bin", content);
        File.SetLastWriteTimeUtc(source, LocalTime);

        var (item, result) = await client.UploadFileAsync(source, "/up [1] é.bin", Preserve);

        var wholeSecond = LocalTime.AddMilliseconds(-500);
        Assert.Null(result.TimeNotPreservedBecause);
        Assert.Equal(content, File.ReadAllBytes(remoteRoot.Combine("up [1] é.bin")));
        Assert.Equal(wholeSecond, File.GetLastWriteTimeUtc(remoteRoot.Combine("up [1] é.bin")));
        Assert.Equal(wholeSecond, item.LastWriteTimeUtc);
        Assert.Equal(wholeSecond, (await client.GetItemAsync("/up [1] é.bin"))!.LastWriteTimeUtc);

        var remote = remoteRoot.WriteFile("down.bin", TestData.Bytes(7000));
        File.SetLastWriteTimeUtc(remote, RemoteTime);
        var (file, _) = await client.DownloadFileAsync("/down.bin", local.Combine("down.bin"));
        Assert.Equal(RemoteTime, file.LastWriteTimeUtc);
        Assert.Equal(RemoteTime, File.GetLastWriteTimeUtc(local.Combine("down.bin")));
    }
}
