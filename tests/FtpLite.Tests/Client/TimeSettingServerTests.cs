using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// Servers that cannot set the time an upload asks to keep: one that reads <c>MDTM time path</c> as the query
/// of a file with an odd name and answers 213, one that announces MFMT and refuses it. The upload stands; the
/// result says why the time is the server's.
/// </summary>
public sealed class TimeSettingServerTests
{
    private static readonly FtpTransferOptions Preserve = new() { PreserveTime = true, Overwrite = true };

    [Fact]
    public async Task A_213_to_mdtm_with_a_time_is_not_believed_unless_the_file_reads_it_back()
    {
        var files = new ScriptedFiles
        {
            Features = ["EPSV", "SIZE", "MDTM"],
            Override = async (c, line, _, _) =>
            {
                if (line.StartsWith("MDTM ", StringComparison.Ordinal))
                {
                    // Every MDTM is a query here, and some file by every name has this time.
                    await c.SendAsync("213 20000101000000\r\n");
                    return true;
                }

                return false;
            },
        };
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();
        using var local = new TempDirectory();
        var source = local.WriteFile("f.bin", [1, 2, 3]);
        File.SetLastWriteTimeUtc(source, new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc));

        var (_, first) = await client.UploadFileAsync(source, "/f.bin", Preserve);
        var (_, second) = await client.UploadFileAsync(source, "/f.bin", Preserve);

        Assert.Equal([1, 2, 3], files.Files["/f.bin"]);
        Assert.Equal("the server has no MFMT and does not set times with MDTM", first.TimeNotPreservedBecause);
        Assert.Equal(first.TimeNotPreservedBecause, second.TimeNotPreservedBecause);

        // The dialect is tried once a session: a server that showed it has none is not asked again.
        Assert.Single(files.Seen, line => line.StartsWith("MDTM 20210304050607 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_mfmt_leaves_the_upload_and_names_the_refusal()
    {
        var files = new ScriptedFiles
        {
            Features = ["EPSV", "SIZE", "MFMT"],
            Override = async (c, line, _, _) =>
            {
                if (line.StartsWith("MFMT ", StringComparison.Ordinal))
                {
                    await c.SendAsync("550 Not allowed here.\r\n");
                    return true;
                }

                return false;
            },
        };
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();
        using var local = new TempDirectory();
        var source = local.WriteFile("f.bin", [4, 5]);
        File.SetLastWriteTimeUtc(source, new DateTime(2021, 3, 4, 5, 6, 7, 900, DateTimeKind.Utc));

        var (_, result) = await client.UploadFileAsync(source, "/f.bin", Preserve);

        Assert.Equal([4, 5], files.Files["/f.bin"]);
        Assert.Equal("the server refused MFMT (550 Not allowed here.)", result.TimeNotPreservedBecause);
        Assert.Contains("MFMT 20210304050607 /f.bin", files.Seen);
    }
}
