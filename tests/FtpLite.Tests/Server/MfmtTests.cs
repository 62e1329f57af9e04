using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>MFMT (draft-somers-ftp-mfxx): modification times set exactly, in UTC, announced in FEAT.</summary>
public sealed class MfmtTests
{
    [Fact]
    public async Task Feat_announces_mfmt()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        Assert.Contains((await raw.SendAsync("FEAT")).Lines, line => line.Trim() == "MFMT");
    }

    [Fact]
    public async Task Mfmt_sets_the_time_mdtm_then_reports_in_utc()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var file = fixture.Root.WriteFile("two words.txt", [1, 2, 3]);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        var reply = await raw.SendAsync("MFMT 20210304050607 two words.txt");
        Assert.Equal(213, reply.Code);
        Assert.Equal("Modify=20210304050607; /two words.txt", reply.Message);
        Assert.Equal(new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc), File.GetLastWriteTimeUtc(file));
        Assert.Equal("20210304050607", (await raw.SendAsync("MDTM two words.txt")).Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Mfmt_keeps_fractional_seconds_and_mdtm_gives_the_whole_second()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var file = fixture.Root.WriteFile("dated.txt", [1]);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        var reply = await raw.SendAsync("MFMT 19990102030405.678 /dated.txt");
        Assert.Equal(213, reply.Code);
        Assert.Equal("Modify=19990102030405.678; /dated.txt", reply.Message);
        Assert.Equal(new DateTime(1999, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc), File.GetLastWriteTimeUtc(file));
        Assert.Equal("19990102030405", (await raw.SendAsync("MDTM dated.txt")).Message);
    }

    [Fact]
    public async Task Mfmt_sets_a_folders_time_too()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var folder = fixture.Root.Combine("dir");
        Directory.CreateDirectory(folder);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        Assert.Equal(213, (await raw.SendAsync("MFMT 20200229235959 dir")).Code);
        Assert.Equal(new DateTime(2020, 2, 29, 23, 59, 59, DateTimeKind.Utc), Directory.GetLastWriteTimeUtc(folder));
    }

    [Theory]
    [InlineData("MFMT")]
    [InlineData("MFMT 20210304050607")]
    [InlineData("MFMT dated.txt")]
    [InlineData("MFMT 2021030405060 dated.txt")]
    [InlineData("MFMT 202103040506070 dated.txt")]
    [InlineData("MFMT 20211304050607 dated.txt")]
    [InlineData("MFMT 20210230050607 dated.txt")]
    [InlineData("MFMT 20210304250607 dated.txt")]
    [InlineData("MFMT 20210304050607. dated.txt")]
    [InlineData("MFMT +2021030405060 dated.txt")]
    [InlineData("MFMT 2021-03-04T05:06:07Z dated.txt")]
    public async Task A_malformed_time_is_501_and_changes_nothing(string command)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var file = fixture.Root.WriteFile("dated.txt", [1]);
        var before = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, before);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        Assert.Equal(501, (await raw.SendAsync(command)).Code);
        Assert.Equal(before, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task Mfmt_of_nothing_is_550_and_creates_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        Assert.Equal(550, (await raw.SendAsync("MFMT 20210304050607 missing.txt")).Code);
        Assert.Equal(550, (await raw.SendAsync("MFMT 20210304050607 no/such/dir/file.txt")).Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.Root.Path));
    }
}
