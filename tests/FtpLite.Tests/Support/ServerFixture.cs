using System.Net;
using FtpLite.Client;
using FtpLite.FileSystem;
using FtpLite.Server;

namespace FtpLite.Tests.Support;

/// <summary>An in-process FtpLite server on a free loopback port, serving a fresh temp folder.</summary>
public sealed class ServerFixture : IAsyncDisposable
{
    private ServerFixture(TempDirectory root, FtpServer server)
    {
        Root = root;
        Server = server;
    }

    public TempDirectory Root { get; }

    public FtpServer Server { get; }

    public int Port => Server.Port;

    public static async Task<ServerFixture> StartAsync(Func<IFtpFileSystem, FtpServerOptions>? configure = null)
    {
        var root = new TempDirectory("ftplite-root-");
        var fileSystem = new DiskFileSystem(root.Path);
        var options = configure?.Invoke(fileSystem) ?? new FtpServerOptions { Address = IPAddress.Loopback, Port = 0, FileSystem = fileSystem };
        var server = new FtpServer(options);
        await server.StartAsync();
        return new ServerFixture(root, server);
    }

    public Task<FtpClient> ConnectAsync(NetworkCredential? credential = null, TimeSpan? timeout = null) =>
        FtpClient.ConnectAsync(new FtpClientOptions
        {
            Host = "127.0.0.1",
            Port = Port,
            Credential = credential,
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
        });

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Root.Dispose();
    }
}
