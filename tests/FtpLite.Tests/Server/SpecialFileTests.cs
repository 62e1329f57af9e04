using FtpLite.FileSystem;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>A FIFO inside the root (an admin's mistake, or a local user's) is refused at once, never opened blocking.</summary>
public sealed class SpecialFileTests
{
    [Theory]
    [InlineData("RETR pipe")]
    [InlineData("HASH pipe")]
    [InlineData("APPE pipe")]
    [InlineData("STOR pipe")]
    [InlineData("MFMT 20010101000000 pipe")]
    public async Task Commands_that_open_a_fifo_get_550_not_a_regular_file(string command)
    {
        await using var fixture = await ServerFixture.StartAsync();
        await MakeFifoAsync(fixture.Root.Combine("pipe"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        using var data = command.StartsWith("HASH", StringComparison.Ordinal) || command.StartsWith("MFMT", StringComparison.Ordinal) ? null : await raw.OpenDataAsync();
        var reply = await raw.SendAsync(command);
        if (reply.Code == 150)
        {
            reply = await raw.ReadAsync();
        }

        Assert.Equal(550, reply.Code);
        Assert.Contains("not a regular file", reply.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
        Assert.Equal(["pipe"], Directory.GetFileSystemEntries(fixture.Root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Rest_then_stor_over_a_fifo_gets_550()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await MakeFifoAsync(fixture.Root.Combine("pipe"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        using var data = await raw.OpenDataAsync();
        Assert.Equal(350, (await raw.SendAsync("REST 10")).Code);
        var reply = await raw.SendAsync("STOR pipe");
        Assert.Equal(550, reply.Code == 150 ? (await raw.ReadAsync()).Code : reply.Code);
    }

    [Fact]
    public async Task The_file_system_refuses_to_open_a_fifo_for_reading()
    {
        using var root = new TempDirectory();
        await MakeFifoAsync(Path.Combine(root.Path, "pipe"));
        var fileSystem = new DiskFileSystem(root.Path);
        var error = await Assert.ThrowsAsync<FtpFileSystemException>(async () => await fileSystem.OpenReadAsync("/pipe", 0, CancellationToken.None));
        Assert.Equal(FtpFileSystemError.NotARegularFile, error.Error);
    }

    /// <summary>Creates a FIFO nobody writes to: a plain open() of it for reading never returns.</summary>
    internal static async Task MakeFifoAsync(string path)
    {
        var result = await ExternalCommand.RunAsync("mkfifo", [path]);
        Assert.True(result.ExitCode == 0, result.Describe());
    }
}
