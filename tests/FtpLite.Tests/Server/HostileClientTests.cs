using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using FtpLite.Protocol;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

[Collection(TimingSensitive.Name)]
public sealed partial class HostileClientTests
{
    [Fact]
    public async Task A_command_line_over_the_limit_gets_500_and_the_session_goes_on()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var reply = await raw.SendAsync("NOOP " + new string('x', 64 * 1024));
        Assert.Equal(500, reply.Code);
        Assert.Contains("too long", reply.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(257, (await raw.SendAsync("PWD")).Code);
    }

    [Fact]
    public async Task A_line_that_never_ends_cannot_grow_memory()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var chunk = Encoding.ASCII.GetBytes(new string('y', 64 * 1024));
        for (var i = 0; i < 64; i++)
        {
            await raw.WriteAsync(chunk); // 4 MiB without a line break
        }

        await raw.WriteLineAsync(string.Empty);
        Assert.Equal(500, (await raw.ReadAsync()).Code);
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
    }

    [Theory]
    [InlineData("MKD evil\rname")]
    [InlineData("RETR evil\rname")]
    [InlineData("CWD a\rb")]
    [InlineData("DELE x\0y")]
    [InlineData("MLST \rfake")]
    [InlineData("SIZE \u0085next")]
    public async Task Control_characters_in_names_never_split_or_forge_a_reply(string command)
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var reply = await raw.SendAsync(command);
        Assert.True(reply.Code is >= 500 and < 600, $"{command} answered {reply}");
        Assert.Single(reply.Lines);
        Assert.DoesNotContain('\r', reply.Message);
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
        Assert.Empty(Directory.GetFileSystemEntries(fixture.Root.Path));
    }

    [Fact]
    public async Task Files_with_line_breaks_in_their_names_never_reach_a_listing()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("ok.txt", [1]);
        fixture.Root.WriteFile("bad\r\n226 forged.txt", [1]);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        foreach (var command in new[] { "LIST", "NLST", "MLSD" })
        {
            var (data, final, _) = await raw.ReceiveAsync(command);
            Assert.Equal(226, final.Code);
            var lines = Encoding.UTF8.GetString(data).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.EndsWith("ok.txt", lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Idle_control_connections_are_closed_with_421()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = fs, IdleTimeout = TimeSpan.FromMilliseconds(300) });
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(421, (await raw.ReadAsync()).Code);
        await Assert.ThrowsAsync<FtpConnectionException>(() => raw.ReadAsync());
    }

    [Fact]
    public async Task A_passive_listener_nobody_connects_to_closes()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = fs, DataTimeout = TimeSpan.FromMilliseconds(300) });
        fixture.Root.WriteFile("a.txt", [1]);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var port = PassiveReply.ParseEpsv((await raw.SendAsync("EPSV")).Message);

        // Probing with a connection would itself be the awaited connection: watch the kernel's socket table instead.
        Assert.True(IsListening(port), $"nothing listens on the passive port {port} that EPSV announced");
        await Eventually.TrueAsync(() => !IsListening(port), $"the passive listener on port {port} is closed");
        Assert.Equal(425, (await raw.SendAsync("RETR a.txt")).Code);
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
    }

    [Fact]
    public async Task A_stalled_upload_times_out_and_leaves_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = fs, DataTimeout = TimeSpan.FromMilliseconds(500) });
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        using var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR stalled.bin")).Code);
        await data.GetStream().WriteAsync(new byte[1000]);
        Assert.Equal(426, (await raw.ReadAsync()).Code);
        Assert.Empty(Directory.GetFileSystemEntries(fixture.Root.Path));
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
    }

    [Fact]
    public async Task Passive_data_connections_from_another_address_are_refused()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("a.txt", Encoding.UTF8.GetBytes("private"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var port = PassiveReply.ParseEpsv((await raw.SendAsync("EPSV")).Message);

        // The thief connects from 127.0.0.2, another address on the loopback network.
        using var thief = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        thief.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        await thief.ConnectAsync(IPAddress.Loopback, port);
        var reply = await raw.SendAsync("RETR a.txt");
        Assert.Equal(425, reply.Code);
        var buffer = new byte[100];
        thief.ReceiveTimeout = 5000;
        Assert.Equal(0, thief.Receive(buffer));
    }

    [Theory]
    [InlineData("PORT 127,0,0,2,200,10")]
    [InlineData("PORT 10,0,0,1,200,10")]
    [InlineData("PORT 127,0,0,1,0,21")]
    [InlineData("PORT 127,0,0,1,3,255")]
    [InlineData("EPRT |1|127.0.0.2|51200|")]
    [InlineData("EPRT |1|127.0.0.1|80|")]
    [InlineData("EPRT |2|::1|51200|")]
    public async Task Ftp_bounce_is_refused(string command)
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(500, (await raw.SendAsync(command)).Code);
        fixture.Root.WriteFile("a.txt", [1]);
        Assert.Equal(425, (await raw.SendAsync("RETR a.txt")).Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Active_mode_to_the_clients_own_address_works(bool extended)
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("a.txt", TestData.Bytes(100_000));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var command = extended
            ? $"EPRT |1|127.0.0.1|{port}|"
            : $"PORT 127,0,0,1,{port >> 8},{port & 0xFF}";
        Assert.Equal(200, (await raw.SendAsync(command)).Code);
        Assert.Equal(150, (await raw.SendAsync("RETR a.txt")).Code);
        using var data = await listener.AcceptTcpClientAsync();
        using var received = new MemoryStream();
        await data.GetStream().CopyToAsync(received);
        Assert.Equal(226, (await raw.ReadAsync()).Code);
        Assert.Equal(TestData.Bytes(100_000), received.ToArray());
    }

    [Fact]
    public async Task Pasv_never_advertises_the_unspecified_address()
    {
        using var root = new TempDirectory();
        await using var server = new FtpServer(new FtpServerOptions
        {
            Address = IPAddress.Any,
            Port = 0,
            FileSystem = new FileSystem.DiskFileSystem(root.Path),
            Users = [new NetworkCredential("bob", "pw-pw-pw-pw")],
        });
        await server.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(server.Port, login: false);
        await raw.SendAsync("USER bob");
        Assert.Equal(230, (await raw.SendAsync("PASS pw-pw-pw-pw")).Code);
        var pasv = await raw.SendAsync("PASV");
        Assert.Equal(227, pasv.Code);
        Assert.Equal(IPAddress.Loopback, PassiveReply.ParsePasv(pasv.Message).Address);
    }

    [Fact]
    public async Task Passive_address_and_port_range_are_configuration()
    {
        var first = FreePort.Pair();
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            PassiveAddress = IPAddress.Parse("203.0.113.7"),
            PassivePortRange = (first, first + 1),
        });
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var pasv = PassiveReply.ParsePasv((await raw.SendAsync("PASV")).Message);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), pasv.Address);
        Assert.InRange(pasv.Port, first, first + 1);
        var epsv = PassiveReply.ParseEpsv((await raw.SendAsync("EPSV")).Message);
        Assert.InRange(epsv, first, first + 1);
    }

    [Fact]
    public async Task Connections_over_the_per_address_limit_get_421()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = fs, MaxConnectionsPerIP = 2 });
        await using var one = await RawFtp.ConnectAsync(fixture.Port);
        await using var two = await RawFtp.ConnectAsync(fixture.Port);
        using var three = new TcpClient();
        await three.ConnectAsync(IPAddress.Loopback, fixture.Port);
        var reply = await new StreamReader(three.GetStream()).ReadLineAsync();
        Assert.StartsWith("421 ", reply, StringComparison.Ordinal);

        await one.SendAsync("QUIT");
        await Eventually.TrueAsync(() => fixture.Server.ConnectionCount == 1, "the first client is gone");
        await using var four = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await four.SendAsync("NOOP")).Code);
    }

    [Fact]
    public async Task Connections_over_the_server_limit_get_421()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = fs, MaxConnections = 1 });
        await using var one = await RawFtp.ConnectAsync(fixture.Port);
        using var two = new TcpClient();
        await two.ConnectAsync(IPAddress.Loopback, fixture.Port);
        var reply = await new StreamReader(two.GetStream()).ReadLineAsync();
        Assert.StartsWith("421 ", reply, StringComparison.Ordinal);

        // The limit counts control connections: a transfer's data connection takes no place (docs/scaling.md
        // sizes nodes by -MaxConnections transfers), so the one client still transfers at the limit.
        File.WriteAllText(fixture.Root.Combine("at-the-limit.txt"), "still served");
        Assert.Equal("still served", System.Text.Encoding.UTF8.GetString((await one.ReceiveAsync("RETR at-the-limit.txt")).Data));
    }

    [Fact]
    public async Task Fifo_requests_never_hold_a_thread_and_new_clients_are_still_greeted()
    {
        // Issue 12 item 1: 2-4 blocking opens of a FIFO once stopped the server greeting anyone. 16 are sent here.
        await using var fixture = await ServerFixture.StartAsync();
        await SpecialFileTests.MakeFifoAsync(fixture.Root.Combine("pipe"));
        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var raw = await RawFtp.ConnectAsync(fixture.Port);
            Assert.Equal(550, (await raw.SendAsync("HASH pipe")).Code);
            Assert.Equal(550, (await raw.SendAsync("RETR pipe")).Code);
            return raw;
        }));
        await using var late = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await late.SendAsync("NOOP")).Code);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stat_of_a_folder_shows_at_most_the_cap_and_says_how_many_more()
    {
        // Issue 12 item 2: a STAT listing is held by the server until the client reads it, so it is capped.
        await using var fixture = await ServerFixture.StartAsync();
        var folder = fixture.Root.Combine("many");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < StatCommandCap + 5; i++)
        {
            File.Create(Path.Combine(folder, $"f{i:D5}")).Dispose();
        }

        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var reply = await raw.SendAsync("STAT many");
        Assert.Equal(213, reply.Code);
        Assert.Equal(StatCommandCap + 3, reply.Lines.Count);
        Assert.Contains("5 more entries", reply.Lines[^2], StringComparison.Ordinal);
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
    }

    [Fact]
    public async Task Stat_of_an_endless_folder_stops_reading_at_its_bound_and_says_so()
    {
        // On S3 counting the entries past the cap read every page of the folder (100 requests for 100,000 objects).
        var endless = default(EndlessFolderFileSystem);
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = endless = new EndlessFolderFileSystem(fs) });
        Directory.CreateDirectory(fixture.Root.Combine("huge"));

        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        var reply = await raw.SendAsync("STAT huge");
        Assert.Equal(213, reply.Code);
        Assert.Equal(StatCommandCap + 3, reply.Lines.Count);
        Assert.Contains($"more than {StatCommandReadCap - StatCommandCap} more entries", reply.Lines[^2], StringComparison.Ordinal);
        Assert.InRange(endless!.EntriesGiven, StatCommandReadCap, StatCommandReadCap + 1);
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
    }

    [Fact]
    public async Task Renaming_folders_under_running_uploads_fills_no_disk_invisibly()
    {
        // Issue 12 item 3: each rename once left a hidden staged file for ever. Three rounds, each aborted.
        await using var fixture = await ServerFixture.StartAsync();
        await using var uploader = await RawFtp.ConnectAsync(fixture.Port);
        await using var renamer = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await uploader.SendAsync("TYPE I")).Code);
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(257, (await renamer.SendAsync($"MKD stage{round}")).Code);
            using var data = await uploader.OpenDataAsync();
            Assert.Equal(150, (await uploader.SendAsync($"STOR stage{round}/f.bin")).Code);
            await data.GetStream().WriteAsync(TestData.Bytes(3000, round));
            await Eventually.TrueAsync(() => StagedLeftoverTests.StagedFiles(fixture).Length == 1, "the upload is being staged");
            Assert.Equal(350, (await renamer.SendAsync($"RNFR stage{round}")).Code);
            Assert.Equal(250, (await renamer.SendAsync($"RNTO moved{round}")).Code);
            await uploader.WriteLineAsync("ABOR");
            Assert.Equal(426, (await uploader.ReadAsync()).Code);
            Assert.Equal(226, (await uploader.ReadAsync()).Code);
            Assert.Empty(StagedLeftoverTests.StagedFiles(fixture));
            Assert.Equal(250, (await renamer.SendAsync($"RMD moved{round}")).Code);
        }
    }

    [Fact]
    public async Task Uploads_without_a_data_connection_make_the_file_system_do_nothing()
    {
        // Issue 12 item 7: five APPEs of a 200 MiB file once copied 616 MiB before answering 425. Five of each here.
        var counting = (CountingFileSystem?)null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = counting = new CountingFileSystem(fs) });
        fixture.Root.WriteFile("big.bin", TestData.Bytes(100_000));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(425, (await raw.SendAsync("APPE big.bin")).Code);
            Assert.Equal(350, (await raw.SendAsync("REST 50000")).Code);
            Assert.Equal(425, (await raw.SendAsync("STOR big.bin")).Code);
        }

        Assert.Equal(0, counting!.UploadsBegun);
    }

    [Fact]
    public async Task Pipelined_hashes_of_a_client_that_left_are_not_run()
    {
        // Issue 12 item 7: one connection must not leave the server hashing for long after it has gone.
        StallingFileSystem? stalling = null;
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = stalling = new StallingFileSystem(fs) });
        fixture.Root.WriteFile("big.bin", TestData.Bytes(1_000_000));
        var raw = await RawFtp.ConnectAsync(fixture.Port);
        await raw.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("HASH big.bin\r\n", 20))));
        await stalling!.Stalled;
        await raw.DisposeAsync();
        await Eventually.TrueAsync(() => fixture.Server.ConnectionCount == 0, "the server has let the client go");
    }

    /// <summary>The disk, counting the uploads begun.</summary>
    private sealed class CountingFileSystem(FileSystem.IFtpFileSystem inner) : PassThroughFileSystem(inner)
    {
        private int _uploadsBegun;

        public int UploadsBegun => _uploadsBegun;

        public override ValueTask<FileSystem.IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _uploadsBegun);
            return Inner.BeginUploadAsync(path, offset, append, cancellationToken);
        }
    }

    private const int StatCommandCap = FtpLite.Server.Commands.StatCommand.MaxEntries;

    private const int StatCommandReadCap = FtpLite.Server.Commands.StatCommand.MaxRead;

    /// <summary>The disk, whose folder "/huge" never ends: a STAT that reads it all never answers.</summary>
    private sealed class EndlessFolderFileSystem(FileSystem.IFtpFileSystem inner) : PassThroughFileSystem(inner)
    {
        private int _entriesGiven;

        public int EntriesGiven => _entriesGiven;

        public override IAsyncEnumerable<FileSystem.FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken) =>
            directory == "/huge" ? Endless(directory, cancellationToken) : Inner.ListAsync(directory, cancellationToken);

        private async IAsyncEnumerable<FileSystem.FtpFileSystemEntry> Endless(string directory, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0L; ; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // A server that reads on and on fails the STAT here rather than hanging the test.
                if (i == 10L * StatCommandReadCap)
                {
                    throw new FileSystem.FtpFileSystemException(FileSystem.FtpFileSystemError.AccessDenied, directory);
                }

                Interlocked.Increment(ref _entriesGiven);
                yield return new FileSystem.FtpFileSystemEntry($"f{i:D9}", false, 1, DateTime.UnixEpoch);
                if (i % 1000 == 0)
                {
                    await Task.Yield();
                }
            }
        }
    }

    private static bool IsListening(int port) =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(endPoint => endPoint.Port == port);
}
