using FtpLite.Client;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Tls;

/// <summary>FTPS both ways: curl and lftp against FtpLite's server; FtpLite's client against vsftpd requiring session reuse.</summary>
public sealed class FtpsInteropTests
{
    [Fact]
    public async Task Curl_ssl_reqd_round_trip_explicit_and_implicit()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            Certificate = TestCertificate.Certificate,
            ImplicitTlsPort = 0,
            RequireTls = true,
        });
        using var local = new TempDirectory();
        var content = TestData.Bytes(2 * 1024 * 1024 + 1);
        var source = local.WriteFile("source.bin", content);

        var explicitUrl = $"ftp://127.0.0.1:{fixture.Port}/up.bin";
        Check(await ExternalCommand.RunAsync("curl", ["-sS", "--ssl-reqd", "-k", "-T", source, explicitUrl]));
        Assert.Equal(content, File.ReadAllBytes(fixture.Root.Combine("up.bin")));
        Check(await ExternalCommand.RunAsync("curl", ["-sS", "--ssl-reqd", "-k", "-o", local.Combine("down.bin"), explicitUrl]));
        Assert.Equal(content, File.ReadAllBytes(local.Combine("down.bin")));
        var listing = await ExternalCommand.RunAsync("curl", ["-sS", "--ssl-reqd", "-k", $"ftp://127.0.0.1:{fixture.Port}/"]);
        Check(listing);
        Assert.Contains("up.bin", listing.StandardOutput, StringComparison.Ordinal);

        var implicitUrl = $"ftps://127.0.0.1:{fixture.Server.ImplicitTlsPort}/implicit.bin";
        Check(await ExternalCommand.RunAsync("curl", ["-sS", "-k", "-T", source, implicitUrl]));
        Check(await ExternalCommand.RunAsync("curl", ["-sS", "-k", "-o", local.Combine("implicit.bin"), implicitUrl]));
        Assert.Equal(content, File.ReadAllBytes(local.Combine("implicit.bin")));

        // And plain FTP is refused.
        var plain = await ExternalCommand.RunAsync("curl", ["-sS", "-T", source, $"ftp://127.0.0.1:{fixture.Port}/plain.bin"]);
        Assert.NotEqual(0, plain.ExitCode);
        Assert.False(File.Exists(fixture.Root.Combine("plain.bin")));
    }

    [Fact]
    public async Task Lftp_ssl_force_round_trip()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            Certificate = TestCertificate.Certificate,
            RequireTls = true,
        });
        using var local = new TempDirectory();
        var content = TestData.Bytes(1024 * 1024 + 7);
        var source = local.WriteFile("source.bin", content);
        var script = $"set net:max-retries 1; set ftp:ssl-force true; set ftp:ssl-protect-data true; set ssl:verify-certificate no; " +
            $"put {source} -o lftp.bin; cls -l; get lftp.bin -o {local.Combine("back.bin")}; rm lftp.bin; bye";
        var result = await ExternalCommand.RunAsync("lftp", ["-u", "anonymous,x", "-p", fixture.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-e", script, "127.0.0.1"]);
        Check(result);
        Assert.Contains("lftp.bin", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(local.Combine("back.bin")));
        Assert.False(File.Exists(fixture.Root.Combine("lftp.bin")));
    }

    [Fact]
    public async Task FtpLite_client_against_vsftpd_requiring_tls_session_reuse()
    {
        using var certificates = new TempDirectory();
        var (certificate, key) = TestCertificate.WritePem(certificates);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await using var peer = await PeerServer.StartAsync(PeerKind.Vsftpd,
        [
            "ssl_enable=YES",
            $"rsa_cert_file={certificate}",
            $"rsa_private_key_file={key}",
            "force_local_logins_ssl=YES",
            "force_local_data_ssl=YES",
            "require_ssl_reuse=YES",
            "ssl_ciphers=HIGH",
        ]);
        await using var client = await FtpClient.ConnectAsync(new FtpClientOptions
        {
            Port = peer.Port,
            Credential = PeerServer.Credential,
            Encryption = FtpEncryption.Explicit,
            CertificateThumbprint = TestCertificate.Certificate.Thumbprint,
        });
        using var local = new TempDirectory();
        var content = TestData.Bytes(3 * 1024 * 1024 + 3);
        await client.UploadFileAsync(local.WriteFile("up.bin", content), "reuse.bin");
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(peer.Root.Path, "reuse.bin")));
        Assert.Contains(await client.ListDirectoryAsync("/"), item => item.Name == "reuse.bin" && item.Length == content.Length);
        var (back, _) = await client.DownloadFileAsync("reuse.bin", local.Combine("down.bin"));
        Assert.Equal(content, File.ReadAllBytes(back.FullName));
        await client.DeleteFileAsync("reuse.bin");
        await client.DisconnectAsync();
    }

    private static void Check(CommandResult result) => Assert.True(result.ExitCode == 0, result.Describe());
}
