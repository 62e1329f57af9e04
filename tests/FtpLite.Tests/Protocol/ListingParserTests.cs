using System.Text;
using FtpLite.Protocol;

namespace FtpLite.Tests.Protocol;

public sealed class ListingParserTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Vsftpd_list_lines_with_time_and_year()
    {
        var items = FtpListingParser.ParseList("/pub",
        [
            "-rw-r--r--    1 1001     1001         1024 Nov 26 09:56 example1.txt",
            "-rw-r--r--    1 1001     1001         2048 Jan 02  2024 old file.jpg",
            "drwxr-xr-x    2 1001     1001         4096 Nov 20 10:00 sub dir",
            "lrwxrwxrwx    1 0        0               7 Nov 20 10:00 link -> target",
        ], Now);

        Assert.Collection(items,
            a =>
            {
                Assert.Equal("example1.txt", a.Name);
                Assert.Equal("/pub/example1.txt", a.FullName);
                Assert.Equal(1024, a.Length);
                Assert.Equal(new DateTime(2026, 11, 26, 9, 56, 0, DateTimeKind.Utc), a.LastWriteTimeUtc);
                Assert.Equal("rw-r--r--", a.Permissions);
                Assert.Equal(FtpItemType.File, a.ItemType);
            },
            b =>
            {
                Assert.Equal("old file.jpg", b.Name);
                Assert.Equal(new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc), b.LastWriteTimeUtc);
            },
            c =>
            {
                Assert.Equal("sub dir", c.Name);
                Assert.True(c.IsDirectory);
                Assert.Equal(0, c.Length);
            },
            d =>
            {
                Assert.Equal("link", d.Name);
                Assert.Equal("target", d.LinkTarget);
                Assert.Equal(FtpItemType.Link, d.ItemType);
            });
    }

    [Fact]
    public void A_recent_date_in_the_future_belongs_to_last_year()
    {
        var item = Assert.Single(FtpListingParser.ParseList("/", ["-rw-r--r-- 1 ftp ftp 5 Dec 30 23:59 late.txt"], Now));
        Assert.Equal(2025, item.LastWriteTimeUtc!.Value.Year);
    }

    [Fact]
    public void Pyftpdlib_style_list_without_group_and_total_line()
    {
        var items = FtpListingParser.ParseList("/",
        [
            "total 12",
            "-rw-r--r--   1 owner        3 Nov 26 10:07 a.txt",
            "drwxr-xr-x   2 owner     4096 Nov 26 10:07 .",
            "drwxr-xr-x   2 owner     4096 Nov 26 10:07 ..",
        ], Now);
        var item = Assert.Single(items);
        Assert.Equal("a.txt", item.Name);
        Assert.Equal(3, item.Length);
    }

    [Fact]
    public void Dos_style_lines()
    {
        var items = FtpListingParser.ParseList("/",
        [
            "11-26-26  09:53AM       <DIR>          folder",
            "01-02-99  01:05PM                 1024 file name.txt",
        ], Now);
        Assert.True(items[0].IsDirectory);
        Assert.Equal("folder", items[0].Name);
        Assert.Equal(new DateTime(2026, 11, 26, 9, 53, 0, DateTimeKind.Utc), items[0].LastWriteTimeUtc);
        Assert.Equal(1024, items[1].Length);
        Assert.Equal("file name.txt", items[1].Name);
        Assert.Equal(new DateTime(1999, 1, 2, 13, 5, 0, DateTimeKind.Utc), items[1].LastWriteTimeUtc);
    }

    public static TheoryData<string> WireLines => new()
    {
        "-rw-r--r--    1 1001     1001         1024 Nov 26 09:56 example1.txt",
        "-rw-r--r--    1 1001     1001         2048 Jan 02  2024 old file.jpg",
        "drwxr-xr-x    2 1001     1001         4096 Nov 20 10:00 sub dir",
        "lrwxrwxrwx    1 0        0               7 Nov 20 10:00 link -> target",
        "-rw-r-----    1 0        0               9 Nov 20 10:00 größe 名前.txt",
        "-rwsr-x--T    1 0        0               9 Nov 20 10:00 odd mode",
        "-rw-r--r--   1 owner        3 Nov 26 10:07 a.txt",
        "-rw-r--r-- 1 ftp ftp 5 Dec 30 23:59 late.txt",
        "crw-rw-rw-    1 0        0          1,   3 Nov 20 10:00 null",
        "11-26-26  09:53AM       <DIR>          folder",
        "01-02-99  01:05PM                 1024 file name.txt",
        "drwxr-xr-x   2 owner     4096 Nov 26 10:07 .",
        "total 12",
        "",
        "-rw-r--r--    1 1001     1001         1024 Nov 26 09:56 " + new string('n', 2000),
    };

    [Theory]
    [MemberData(nameof(WireLines))]
    public void A_line_read_from_bytes_gives_the_item_the_text_gives(string line)
    {
        var fromText = ParseOrError(() => FtpListingParser.ParseListLine("/pub", line, Now));
        var fromBytes = ParseOrError(() => FtpListingParser.ParseListLine("/pub", Encoding.UTF8.GetBytes(line), Now));

        Assert.Equal(fromText, fromBytes);
    }

    private static string ParseOrError(Func<FtpItem?> parse)
    {
        try
        {
            return parse() is { } item
                ? $"{item.Name}|{item.FullName}|{item.ItemType}|{item.Length}|{item.LastWriteTimeUtc:O}|{item.Permissions}|{item.LinkTarget}"
                : "(none)";
        }
        catch (FtpProtocolException)
        {
            return "(error)";
        }
    }

    [Fact]
    public void An_unreadable_line_is_an_error_not_a_missing_entry() =>
        Assert.Throws<FtpProtocolException>(() => FtpListingParser.ParseList("/", ["this is not a listing"], Now));

    [Fact]
    public void Mlsd_facts_skip_cdir_and_pdir()
    {
        var items = FtpListingParser.ParseMlsd("/d",
        [
            "type=cdir;modify=20261126095300; .",
            "type=pdir;modify=20261126095300; ..",
            "type=file;size=1024;modify=20261126095300;UNIX.mode=0644; with space.txt",
            "Type=DIR;Modify=20261126095300.123; sub",
        ]);
        Assert.Equal(2, items.Count);
        Assert.Equal("with space.txt", items[0].Name);
        Assert.Equal("/d/with space.txt", items[0].FullName);
        Assert.Equal(1024, items[0].Length);
        Assert.Equal("rw-r--r--", items[0].Permissions);
        Assert.Equal(new DateTime(2026, 11, 26, 9, 53, 0, DateTimeKind.Utc), items[0].LastWriteTimeUtc);
        Assert.True(items[1].IsDirectory);
    }

    [Fact]
    public void Mlst_fact_line_carries_a_path()
    {
        var item = FtpListingParser.ParseMlst(" type=file;size=6;modify=20261126095300; /dir/h.txt");
        Assert.NotNull(item);
        Assert.Equal("h.txt", item.Name);
        Assert.Equal("/dir/h.txt", item.FullName);
        Assert.Equal(6, item.Length);
    }

    [Theory]
    [InlineData("20261126095300", 2026, 11, 26, 9, 53, 0)]
    [InlineData("19991231235959.999", 1999, 12, 31, 23, 59, 59)]
    public void Mdtm_values(string value, int y, int mo, int d, int h, int mi, int s) =>
        Assert.Equal(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc), FtpListingParser.ParseMdtm(value)!.Value.AddTicks(-(FtpListingParser.ParseMdtm(value)!.Value.Ticks % TimeSpan.TicksPerSecond)));

    [Fact]
    public void Bad_mdtm_is_null() => Assert.Null(FtpListingParser.ParseMdtm("yesterday"));
}
