using System.Security.Cryptography;
using System.Text;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

public sealed class HashCommandTests
{
    [Fact]
    public async Task Feat_announces_hash_and_rang()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var feat = await raw.SendAsync("FEAT");
        Assert.Contains(" HASH SHA-256*;SHA-1;MD5;CRC32", feat.Lines);
        Assert.Contains(" RANG STREAM", feat.Lines);
    }

    [Fact]
    public async Task Hash_of_a_whole_file_with_each_algorithm()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var content = TestData.Bytes(100_000, 3);
        fixture.Root.WriteFile("with space.bin", content);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        var reply = await raw.SendAsync("HASH with space.bin");
        Assert.Equal(213, reply.Code);
        Assert.Equal($"SHA-256 0-99999 {Convert.ToHexStringLower(SHA256.HashData(content))} with space.bin", reply.Message);

        Assert.Equal("SHA-1", (await raw.SendAsync("OPTS HASH SHA-1")).Message);
        Assert.Contains(Convert.ToHexStringLower(SHA1.HashData(content)), (await raw.SendAsync("HASH with space.bin")).Message, StringComparison.Ordinal);
        Assert.Equal("MD5", (await raw.SendAsync("OPTS HASH md5")).Message);
        Assert.Contains(Convert.ToHexStringLower(MD5.HashData(content)), (await raw.SendAsync("HASH with space.bin")).Message, StringComparison.Ordinal);
        Assert.Equal("MD5", (await raw.SendAsync("OPTS HASH")).Message);
        Assert.Equal(501, (await raw.SendAsync("OPTS HASH SHA-3")).Code);
    }

    [Fact]
    public async Task Crc32_matches_the_standard_check_value()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("check.txt", Encoding.ASCII.GetBytes("123456789"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        await raw.SendAsync("OPTS HASH CRC32");
        Assert.Equal("CRC32 0-8 cbf43926 check.txt", (await raw.SendAsync("HASH check.txt")).Message);
    }

    [Fact]
    public async Task Rang_limits_the_next_hash_only()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var content = TestData.Bytes(10_000, 4);
        fixture.Root.WriteFile("f.bin", content);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        Assert.Equal(350, (await raw.SendAsync("RANG 100 199")).Code);
        var ranged = await raw.SendAsync("HASH f.bin");
        Assert.Equal($"SHA-256 100-199 {Convert.ToHexStringLower(SHA256.HashData(content.AsSpan(100, 100)))} f.bin", ranged.Message);
        Assert.Contains("0-9999", (await raw.SendAsync("HASH f.bin")).Message, StringComparison.Ordinal);

        Assert.Equal(350, (await raw.SendAsync("RANG 0 20000")).Code);
        Assert.Equal(556, (await raw.SendAsync("HASH f.bin")).Code);
        Assert.Equal(501, (await raw.SendAsync("RANG 5 1")).Code);
        Assert.Equal(501, (await raw.SendAsync("RANG x")).Code);
    }

    [Fact]
    public async Task Hash_refuses_directories_missing_files_and_paths_outside_the_root()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Directory.CreateDirectory(fixture.Root.Combine("dir"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(550, (await raw.SendAsync("HASH dir")).Code);
        Assert.Equal(550, (await raw.SendAsync("HASH missing.bin")).Code);
        Assert.Equal(550, (await raw.SendAsync("HASH ../../../../etc/passwd")).Code);
        Assert.Equal(501, (await raw.SendAsync("HASH")).Code);
    }
    [Fact]
    public async Task Abor_cancels_a_running_hash_and_the_session_goes_on()
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpLite.Server.FtpServerOptions { Port = 0, FileSystem = stalling = new StallingFileSystem(fs) });
        fixture.Root.WriteFile("big.bin", TestData.Bytes(1_000_000));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        await raw.WriteLineAsync("HASH big.bin");
        await stalling!.Stalled;
        await raw.WriteLineAsync("ABOR");
        Assert.Equal(426, (await raw.ReadAsync()).Code);
        Assert.Equal(226, (await raw.ReadAsync()).Code);
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
    }

    [Fact]
    public async Task A_hash_stops_when_its_client_goes()
    {
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpLite.Server.FtpServerOptions { Port = 0, FileSystem = stalling = new StallingFileSystem(fs) });
        fixture.Root.WriteFile("big.bin", TestData.Bytes(1_000_000));
        var raw = await RawFtp.ConnectAsync(fixture.Port);
        await raw.WriteLineAsync("HASH big.bin");
        await stalling!.Stalled;
        await raw.DisposeAsync();

        // The stalled read only ends by cancellation: the connection closing proves the hash was stopped.
        await Eventually.TrueAsync(() => fixture.Server.ConnectionCount == 0, "the server has let the client go");
    }
}
