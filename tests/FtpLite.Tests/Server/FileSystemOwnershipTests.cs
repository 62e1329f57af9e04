using System.Net;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>
/// A file system the server owns (<see cref="FtpServerOptions.OwnsFileSystem"/>, as Start-FtpLiteServer's own
/// S3 file system is) is disposed when the server stops, once; one handed in without it stays its caller's.
/// </summary>
public sealed class FileSystemOwnershipTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task An_owned_file_system_is_disposed_once_when_the_server_stops_and_a_lent_one_never(bool owned, bool started)
    {
        var fileSystem = new DisposableFileSystem();
        var server = new FtpServer(new FtpServerOptions { Address = IPAddress.Loopback, Port = 0, FileSystem = fileSystem, OwnsFileSystem = owned });
        if (started)
        {
            await server.StartAsync();
            Assert.Equal(0, fileSystem.Disposals);
        }

        await server.StopAsync();
        await server.DisposeAsync();

        Assert.Equal(owned ? 1 : 0, fileSystem.Disposals);
    }

    private sealed class DisposableFileSystem() : PassThroughFileSystem(new MemoryFileSystem()), IDisposable
    {
        public int Disposals { get; private set; }

        public void Dispose() => Disposals++;
    }
}
