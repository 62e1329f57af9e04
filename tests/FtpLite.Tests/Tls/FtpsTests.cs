using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using FtpLite.Client;
using FtpLite.Protocol;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Tls;

public sealed class FtpsTests
{
    private static Task<ServerFixture> StartTlsServerAsync(bool requireTls = false) =>
        ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            Certificate = TestCertificate.Certificate,
            ImplicitTlsPort = 0,
            RequireTls = requireTls,
        });

    private static Task<FtpClient> ConnectAsync(int port, FtpEncryption encryption, string? thumbprint = null, bool skip = false) =>
        FtpClient.ConnectAsync(new FtpClientOptions
        {
            Port = port,
            Encryption = encryption,
            CertificateThumbprint = thumbprint,
            SkipCertificateCheck = skip,
            Timeout = TimeSpan.FromSeconds(20),
        });

    [Theory]
    [InlineData(FtpEncryption.Explicit)]
    [InlineData(FtpEncryption.Implicit)]
    public async Task Round_trip_over_tls(FtpEncryption encryption)
    {
        await using var fixture = await StartTlsServerAsync(requireTls: true);
        var port = encryption == FtpEncryption.Implicit ? fixture.Server.ImplicitTlsPort!.Value : fixture.Port;
        await using var client = await ConnectAsync(port, encryption, TestCertificate.Certificate.Thumbprint);
        Assert.True(client.IsEncrypted);
        using var local = new TempDirectory();
        var content = TestData.Bytes(3 * 1024 * 1024 + 5);
        await client.UploadFileAsync(local.WriteFile("up.bin", content), "secret.bin");
        Assert.Equal(content, File.ReadAllBytes(fixture.Root.Combine("secret.bin")));
        Assert.Equal("secret.bin", Assert.Single(await client.ListDirectoryAsync("/")).Name);
        var (back, _) = await client.DownloadFileAsync("secret.bin", local.Combine("down.bin"));
        Assert.Equal(content, File.ReadAllBytes(back.FullName));
        await client.DisconnectAsync();
    }

    [Fact]
    public async Task A_self_signed_certificate_is_refused_by_default()
    {
        await using var fixture = await StartTlsServerAsync();
        await Assert.ThrowsAsync<FtpSecurityException>(() => ConnectAsync(fixture.Port, FtpEncryption.Explicit));
        await Assert.ThrowsAsync<FtpSecurityException>(() => ConnectAsync(fixture.Port, FtpEncryption.Explicit, thumbprint: new string('A', 40)));
        await using var pinned = await ConnectAsync(fixture.Port, FtpEncryption.Explicit, thumbprint: TestCertificate.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
        await using var skipped = await ConnectAsync(fixture.Port, FtpEncryption.Explicit, skip: true);
        Assert.True(pinned.IsEncrypted && skipped.IsEncrypted);
    }

    [Fact]
    public async Task RequireTls_refuses_plain_logins_and_plain_data()
    {
        await using var fixture = await StartTlsServerAsync(requireTls: true);
        await Assert.ThrowsAsync<FtpAuthenticationException>(() => ConnectAsync(fixture.Port, FtpEncryption.None));

        await using var raw = await RawFtp.ConnectAsync(fixture.Port, login: false);
        Assert.Equal(530, (await raw.SendAsync("USER anonymous")).Code);
        Assert.Equal(503, (await raw.SendAsync("PROT P")).Code);
    }

    [Fact]
    public async Task Without_a_certificate_auth_is_refused_and_the_client_will_not_fall_back_to_plaintext()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using (var raw = await RawFtp.ConnectAsync(fixture.Port, login: false))
        {
            Assert.Equal(502, (await raw.SendAsync("AUTH TLS")).Code);
        }

        await Assert.ThrowsAsync<FtpSecurityException>(() => ConnectAsync(fixture.Port, FtpEncryption.Explicit, skip: true));
    }

    [Fact]
    public async Task Plaintext_pipelined_after_auth_is_never_run()
    {
        await using var fixture = await StartTlsServerAsync();
        fixture.Root.WriteFile("victim.txt", [1]);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port, login: false);
        // STARTTLS command injection: commands sent in plaintext right behind AUTH TLS.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Port);
        var plain = tcp.GetStream();
        var replies = new FtpReplyReader(new FtpLineReader(plain, 4096, stripTelnet: false, releaseBufferWhenIdle: false));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(220, (await replies.ReadAsync(timeout.Token)).Code);
        await plain.WriteAsync(Encoding.ASCII.GetBytes("AUTH TLS\r\nUSER anonymous\r\nPASS x\r\nDELE victim.txt\r\n"), timeout.Token);
        Assert.Equal(234, (await replies.ReadAsync(timeout.Token)).Code);

        await using var tls = new SslStream(plain, leaveInnerStreamOpen: true, (_, certificate, _, _) => certificate?.GetCertHashString() == TestCertificate.Certificate.GetCertHashString());
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        replies = new FtpReplyReader(new FtpLineReader(tls, 4096, stripTelnet: false, releaseBufferWhenIdle: false));
        async Task<FtpReply> SendAsync(string line)
        {
            await tls.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), timeout.Token);
            return await replies.ReadAsync(timeout.Token);
        }

        // The server answers the first command over TLS as a session nobody logged into: the plaintext USER and
        // PASS never ran, and the DELE behind them (which would have come first) neither.
        Assert.Equal(530, (await SendAsync("PWD")).Code);
        Assert.True(File.Exists(fixture.Root.Combine("victim.txt")));
        Assert.Equal(331, (await SendAsync("USER anonymous")).Code);
        Assert.Equal(230, (await SendAsync("PASS x")).Code);
        Assert.Equal("1", (await SendAsync("SIZE victim.txt")).Message);
    }

    [Fact]
    public async Task Feat_announces_tls_only_with_a_certificate()
    {
        await using var tls = await StartTlsServerAsync();
        await using var plain = await ServerFixture.StartAsync();
        await using var a = await RawFtp.ConnectAsync(tls.Port, login: false);
        await using var b = await RawFtp.ConnectAsync(plain.Port, login: false);
        Assert.Contains(" AUTH TLS", (await a.SendAsync("FEAT")).Lines);
        Assert.DoesNotContain(" AUTH TLS", (await b.SendAsync("FEAT")).Lines);
    }
}
