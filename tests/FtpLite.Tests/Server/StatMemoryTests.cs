using System.Net;
using System.Net.Sockets;
using System.Text;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>
/// STAT of a folder answers on the control connection. A client that asks and never reads must not make the
/// server hold the folder's whole listing (issue 12 item 2: 40 such clients took a server from 116 MB to 2 GB).
/// </summary>
[Collection(nameof(MeasuredAlone))]
public sealed class StatMemoryTests
{
    private const int Clients = 10;
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Clients_that_never_read_a_huge_stat_hold_little_server_memory_and_it_returns_when_they_leave()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var folder = fixture.Root.Combine("big");
        Directory.CreateDirectory(folder);

        // 20,000 entries of ~290-byte lines: a 5.8 MB reply, more than the kernel's socket buffers take.
        var padding = new string('n', 230);
        for (var i = 0; i < 20_000; i++)
        {
            File.Create(Path.Combine(folder, $"{i:D6}{padding}")).Dispose();
        }

        var baseline = MeasuredAlone.LiveHeapBytes();
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                sockets.Add(socket);
                await socket.ConnectAsync(IPAddress.Loopback, fixture.Port);
                await ExpectLineAsync(socket, "220 ");
                await SendAsync(socket, "USER anonymous");
                await ExpectLineAsync(socket, "331 ");
                await SendAsync(socket, "PASS x@");
                await ExpectLineAsync(socket, "230 ");
                await SendAsync(socket, "STAT big");

                // The reply has begun: the server has made what it will hold for this client. Nothing more is read.
                await ExpectLineAsync(socket, "213-");
            }

            var held = MeasuredAlone.LiveHeapBytes() - baseline;
            Assert.True(held < Clients * 2 * MiB, $"{Clients} clients that do not read hold {held / MiB} MiB of server memory.");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        await Eventually.TrueAsync(() => fixture.Server.ConnectionCount == 0, "the server has let the clients go");
        var after = MeasuredAlone.LiveHeapBytes() - baseline;
        Assert.True(after < 4 * MiB, $"{after / MiB} MiB still held after the clients left.");
    }

    private static Task SendAsync(Socket socket, string line) => socket.SendAsync(Encoding.ASCII.GetBytes(line + "\r\n"));

    /// <summary>Reads one line, byte by byte so nothing after it is taken from the socket.</summary>
    private static async Task ExpectLineAsync(Socket socket, string start)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = new StringBuilder();
        var one = new byte[1];
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await socket.ReceiveAsync(one, timeout.Token));
            line.Append((char)one[0]);
        }

        Assert.StartsWith(start, line.ToString(), StringComparison.Ordinal);
    }
}
