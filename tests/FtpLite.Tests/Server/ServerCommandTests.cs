using System.Text;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>The commands few clients send, each answered as RFC 959 and RFC 3659 say.</summary>
public sealed class ServerCommandTests
{
    [Fact]
    public async Task Mdtm_gives_the_exact_modification_time_in_utc()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var file = fixture.Root.WriteFile("dated.txt", [1, 2, 3]);
        File.SetLastWriteTimeUtc(file, new DateTime(2021, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc));
        Directory.CreateDirectory(fixture.Root.Combine("dir"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        var reply = await raw.SendAsync("MDTM dated.txt");
        Assert.Equal(213, reply.Code);
        Assert.Equal("20210304050607", reply.Message);
        Assert.Equal("20210304050607", (await raw.SendAsync("MDTM /dated.txt")).Message);
        Assert.Equal(550, (await raw.SendAsync("MDTM missing.txt")).Code);
        Assert.Equal(550, (await raw.SendAsync("MDTM dir")).Code);
        Assert.Equal(501, (await raw.SendAsync("MDTM")).Code);
    }

    [Fact]
    public async Task Stat_without_a_path_tells_the_session_status()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        var binary = await raw.SendAsync("STAT");
        Assert.Equal(211, binary.Code);
        Assert.True(binary.Lines.Count > 2, binary.ToString());
        Assert.Contains(binary.Lines, line => line.Contains("anonymous", StringComparison.Ordinal));
        Assert.Contains(binary.Lines, line => line.Trim() == "TYPE: BINARY");
        Assert.Equal("End of status", binary.Lines[^1]);

        Assert.Equal(200, (await raw.SendAsync("TYPE A")).Code);
        Assert.Contains((await raw.SendAsync("STAT")).Lines, line => line.Trim() == "TYPE: ASCII");
    }

    [Fact]
    public async Task Stat_with_a_path_lists_it_over_the_control_connection()
    {
        await using var fixture = await ServerFixture.StartAsync();
        fixture.Root.WriteFile("dir/one.txt", new byte[1234]);
        fixture.Root.WriteFile("dir/two words.txt", [1]);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        var directory = await raw.SendAsync("STAT dir");
        Assert.Equal(213, directory.Code);
        var entries = directory.Lines.Skip(1).SkipLast(1).Select(line => line.Trim()).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Contains(entries, line => line.StartsWith("-rw", StringComparison.Ordinal) && line.Contains(" 1234 ", StringComparison.Ordinal) && line.EndsWith(" one.txt", StringComparison.Ordinal));
        Assert.Contains(entries, line => line.EndsWith(" two words.txt", StringComparison.Ordinal));

        var file = await raw.SendAsync("STAT dir/one.txt");
        Assert.Equal(213, file.Code);
        Assert.EndsWith(" one.txt", Assert.Single(file.Lines.Skip(1).SkipLast(1)), StringComparison.Ordinal);

        Assert.Equal(550, (await raw.SendAsync("STAT missing")).Code);
    }

    [Fact]
    public async Task Help_lists_every_command_the_server_answers()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        var help = await raw.SendAsync("HELP");
        Assert.Equal(214, help.Code);
        var listed = help.Lines.Skip(1).SkipLast(1).SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        Assert.Equal(FtpLite.Server.CommandTable.CommandRegistry.Default.Verbs.ToHashSet(), listed);
        foreach (var verb in new[] { "APPE", "XCUP", "XCWD", "XMKD", "XRMD", "XPWD", "HASH", "RANG", "MODE", "STRU", "ALLO" })
        {
            Assert.Contains(verb, listed);
        }
    }

    [Theory]
    [InlineData("CDUP")]
    [InlineData("XCUP")]
    public async Task Cdup_goes_to_the_parent_and_stops_at_the_root(string verb)
    {
        await using var fixture = await ServerFixture.StartAsync();
        Directory.CreateDirectory(fixture.Root.Combine("a", "b"));
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(250, (await raw.SendAsync("CWD /a/b")).Code);

        Assert.Equal(250, (await raw.SendAsync(verb)).Code);
        Assert.Equal("\"/a\" is the current directory", (await raw.SendAsync("PWD")).Message);
        Assert.Equal(250, (await raw.SendAsync(verb)).Code);
        Assert.Equal("\"/\" is the current directory", (await raw.SendAsync("PWD")).Message);
        Assert.Equal(250, (await raw.SendAsync(verb)).Code);
        Assert.Equal("\"/\" is the current directory", (await raw.SendAsync("PWD")).Message);
    }

    [Fact]
    public async Task The_x_aliases_of_rfc_775_do_what_their_modern_names_do()
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        Assert.Equal("\"/made\" created", (await raw.SendAsync("XMKD made")).Message);
        Assert.True(Directory.Exists(fixture.Root.Combine("made")));
        Assert.Equal(250, (await raw.SendAsync("XCWD made")).Code);
        var pwd = await raw.SendAsync("XPWD");
        Assert.Equal(257, pwd.Code);
        Assert.Equal("\"/made\" is the current directory", pwd.Message);
        Assert.Equal(550, (await raw.SendAsync("XCWD missing")).Code);
        Assert.Equal(250, (await raw.SendAsync("XCWD /")).Code);
        Assert.Equal(250, (await raw.SendAsync("XRMD made")).Code);
        Assert.False(Directory.Exists(fixture.Root.Combine("made")));
        Assert.Equal(550, (await raw.SendAsync("XRMD made")).Code);
    }

    [Theory]
    [InlineData("MODE S", 200)]
    [InlineData("mode s", 200)]
    [InlineData("MODE B", 504)]
    [InlineData("MODE C", 504)]
    [InlineData("MODE Z", 504)]
    [InlineData("STRU F", 200)]
    [InlineData("STRU R", 504)]
    [InlineData("STRU P", 504)]
    [InlineData("TYPE E", 504)]
    [InlineData("TYPE L 7", 504)]
    [InlineData("TYPE A T", 504)]
    public async Task Only_stream_mode_file_structure_and_types_a_and_i_are_accepted(string command, int code)
    {
        await using var fixture = await ServerFixture.StartAsync();
        var content = TestData.Bytes(70_000, 5);
        fixture.Root.WriteFile("f.bin", content);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        Assert.Equal(code, (await raw.SendAsync(command)).Code);

        // Refused or accepted, the next transfer is still a plain stream of the stored bytes.
        var (data, final, _) = await raw.ReceiveAsync("RETR f.bin");
        Assert.Equal(226, final.Code);
        Assert.Equal(content, data);
    }

    [Theory]
    [InlineData("ALLO 5000")]
    [InlineData("ALLO 5000 R 100")]
    public async Task Allo_is_accepted_and_changes_nothing(string command)
    {
        await using var fixture = await ServerFixture.StartAsync();
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);

        Assert.Equal(202, (await raw.SendAsync(command)).Code);
        Assert.Empty(Directory.GetFileSystemEntries(fixture.Root.Path));
        var content = Encoding.UTF8.GetBytes("after ALLO");
        using (var data = await raw.OpenDataAsync())
        {
            Assert.Equal(150, (await raw.SendAsync("STOR allo.txt")).Code);
            await data.GetStream().WriteAsync(content);
        }

        Assert.Equal(226, (await raw.ReadAsync()).Code);
        Assert.Equal(content, File.ReadAllBytes(fixture.Root.Combine("allo.txt")));
    }
}
