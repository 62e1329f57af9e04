using System.Net;
using System.Text;
using FtpLite.FileSystem;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Listings;

/// <summary>
/// Listings stream through the file-system seam (issue 16): the server writes each entry to the data connection
/// as the file system gives it out, so a folder of any size lists without being held, and the client has the
/// first lines while the folder is still being read.
/// </summary>
public sealed class StreamingListingTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("MLSD")]
    [InlineData("LIST")]
    [InlineData("NLST")]
    public async Task The_first_entries_reach_the_client_while_the_folder_is_still_being_read_and_none_is_held(string command)
    {
        const int Count = 200_000;
        const int PauseAfter = 2_000;
        var fileSystem = new GeneratedFolderFileSystem(Count, PauseAfter);
        await using var server = await StartAsync(fileSystem);
        await using var raw = await RawFtp.ConnectAsync(server.Port);
        using var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync($"{command} {GeneratedFolderFileSystem.Folder}")).Code);
        using var lines = new StreamReader(data.GetStream(), Encoding.UTF8);

        // Every entry before the pause arrives while the file system waits at it: the gate, not a timer, says so.
        for (var i = 0; i < PauseAfter; i++)
        {
            var line = await lines.ReadLineAsync().WaitAsync(HangGuard);
            Assert.EndsWith(GeneratedFolderFileSystem.NameOf(i), line, StringComparison.Ordinal);
        }

        Assert.True(fileSystem.Paused.Task.IsCompleted);
        Assert.False(fileSystem.Finished);

        // Those entries are written and gone: the server keeps none of them for the rest of the listing.
        Assert.Equal(0, fileSystem.SampledStillHeld());

        fileSystem.Resume.SetResult();
        var received = PauseAfter;
        while (await lines.ReadLineAsync().WaitAsync(HangGuard) is { } line)
        {
            Assert.EndsWith(GeneratedFolderFileSystem.NameOf(received), line, StringComparison.Ordinal);
            received++;
        }

        Assert.Equal(Count, received);
        Assert.True(fileSystem.Finished);
        Assert.Equal(226, (await raw.ReadAsync()).Code);
    }

    [Fact]
    public async Task Abor_stops_a_listing_that_waits_for_its_file_system()
    {
        var fileSystem = new GeneratedFolderFileSystem(10, 5);
        await using var server = await StartAsync(fileSystem);
        await using var raw = await RawFtp.ConnectAsync(server.Port);
        using var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync($"MLSD {GeneratedFolderFileSystem.Folder}")).Code);
        await fileSystem.Paused.Task.WaitAsync(HangGuard);

        // The file system never resumes: only the cancellation ABOR brings can end the listing.
        Assert.Equal(426, (await raw.SendAsync("ABOR")).Code);
        Assert.Equal(226, (await raw.ReadAsync()).Code);
        Assert.False(fileSystem.Finished);
    }

    [Fact]
    public async Task A_folder_that_cannot_be_listed_gets_550_before_any_data_connection_reply()
    {
        await using var server = await StartAsync(new RefusingFolderFileSystem(new MemoryFileSystem(), "/"));
        await using var raw = await RawFtp.ConnectAsync(server.Port);

        var (_, final, first) = await raw.ReceiveAsync("MLSD /");

        Assert.Equal(550, first.Code);
        Assert.Same(first, final);
    }

    private static async Task<FtpServer> StartAsync(IFtpFileSystem fileSystem)
    {
        var server = new FtpServer(new FtpServerOptions { Address = IPAddress.Loopback, Port = 0, FileSystem = fileSystem });
        await server.StartAsync();
        return server;
    }
}
