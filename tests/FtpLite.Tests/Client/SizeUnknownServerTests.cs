using FtpLite.Client;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Client;

/// <summary>
/// Servers that describe files in their own ways: SIZE answered 213 with no number ("213 File status"), a LIST
/// of one file that names it by its full path, MLST and MLSD announced but answered 502, MDTM with fractions.
/// </summary>
public sealed class SizeUnknownServerTests
{
    [Fact]
    public async Task A_size_without_a_number_falls_back_to_the_listing_that_names_the_file_by_its_path()
    {
        ScriptedFiles files = null!;
        files = new ScriptedFiles
        {
            Override = async (c, line, session, token) =>
            {
                if (line.StartsWith("SIZE ", StringComparison.Ordinal) && files.Files.ContainsKey(line[5..]))
                {
                    await c.SendAsync("213 File status\r\n");
                    return true;
                }

                if (line == "LIST /empty.dat" && files.Files.ContainsKey("/empty.dat"))
                {
                    await c.SendAsync("150 listing\r\n");
                    using (var data = session.TakeData())
                    {
                        await data.GetStream().WriteAsync("-rw-r--r-- 1 1 1 0 Dec 02 03:07 /empty.dat\r\n"u8.ToArray(), token);
                    }

                    await c.SendAsync("226 done\r\n");
                    return true;
                }

                return false;
            },
        };
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();
        using var local = new TempDirectory();

        // A freshly uploaded empty file is there, with the name it was sent under.
        await client.UploadFileAsync(local.WriteFile("empty.dat", []), "/empty.dat");
        Assert.True(files.Files.ContainsKey("/empty.dat"));

        var item = await client.GetItemAsync("/empty.dat");
        Assert.NotNull(item);
        Assert.Equal(("empty.dat", "/empty.dat", FtpItemType.File, 0L), (item.Name, item.FullName, item.ItemType, item.Length));

        var listed = Assert.Single(await client.GetChildItemsAsync("/empty.dat"));
        Assert.Equal(("empty.dat", "/empty.dat", FtpItemType.File), (listed.Name, listed.FullName, listed.ItemType));
        Assert.Null(await client.GetItemAsync("/missing.dat"));
    }

    [Fact]
    public async Task Mlst_and_mlsd_answered_502_fall_back_to_list_size_and_fractional_mdtm()
    {
        var files = new ScriptedFiles
        {
            Features = ["EPSV", "SIZE", "MDTM", "MLST type*;size*;modify*;"],
            Override = async (c, line, _, _) =>
            {
                if (line.StartsWith("MLST ", StringComparison.Ordinal) || line.StartsWith("MLSD ", StringComparison.Ordinal))
                {
                    await c.SendAsync("502 Command not implemented.\r\n");
                    return true;
                }

                if (line.StartsWith("MDTM ", StringComparison.Ordinal))
                {
                    await c.SendAsync("213 20261202030757.480\r\n");
                    return true;
                }

                return false;
            },
        };
        files.Files["/dir/a.txt"] = [1, 2, 3, 4, 5];
        files.Files["/dir/b.txt"] = [1, 2, 3];
        await using var server = new ScriptedServer(files.ServeAsync);
        await using var client = await server.ConnectClientAsync();

        // MLSD first, on a fresh session: nothing has shown the machine listings refused yet.
        var items = await client.GetChildItemsAsync("/dir");
        Assert.Equal(["/dir/a.txt", "/dir/b.txt"], items.Select(i => i.FullName).Order());

        var item = await client.GetItemAsync("/dir/a.txt");
        Assert.NotNull(item);
        Assert.Equal(5, item.Length);
        Assert.Equal(new DateTime(2026, 12, 2, 3, 7, 57, 480, DateTimeKind.Utc), item.LastWriteTimeUtc);
        Assert.Equal(["/dir/a.txt", "/dir/b.txt"], (await client.ListDirectoryAsync("/dir")).Select(i => i.FullName).Order());
    }
}
