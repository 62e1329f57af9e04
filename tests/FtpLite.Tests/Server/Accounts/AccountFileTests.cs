using System.Text;
using FtpLite.Server.Accounts;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Accounts;

public sealed class AccountFileTests
{
    private static readonly string Hash = AccountServer.Hash("pw");

    [Fact]
    public void A_saved_file_reads_back_the_same_and_keeps_no_password()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("sub", "accounts.json");
        var file = new FtpAccountFile();
        file.Groups["partners"] = new FtpAccountGroup { Home = "/srv/ftp/{user}", Rights = new() { ["/"] = FtpRights.DropBox }, QuotaBytes = 1000 };
        file.Users["alice"] = new FtpAccount
        {
            PasswordHash = Hash,
            Group = "partners",
            Rights = new() { ["/out"] = FtpRights.ReadOnly },
            Mounts = new() { ["/shared"] = folder.Path },
            AllowedAddresses = ["10.0.0.0/8", "::1"],
            BandwidthBytesPerSecond = 4096,
            ExpiresUtc = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        };
        file.Save(path);

        var text = File.ReadAllText(path);
        Assert.Contains("\"version\": 1", text, StringComparison.Ordinal);
        Assert.Contains("[\n          \"List\",\n          \"Download\"\n        ]".ReplaceLineEndings(), text.ReplaceLineEndings(), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var read = FtpAccountFile.Load(path);
        var alice = read.Users["alice"];
        Assert.Equal("alice", alice.Name);
        Assert.Equal(Hash, alice.PasswordHash);
        Assert.Equal(FtpRights.ReadOnly, alice.Rights!["/out"]);
        Assert.Equal(FtpRights.Upload, read.Groups["partners"].Rights!["/"]);
        Assert.Equal(["10.0.0.0/8", "::1"], alice.AllowedAddresses);
        Assert.Equal(file.Users["alice"].ExpiresUtc, alice.ExpiresUtc);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_missing_file_is_an_empty_one()
    {
        using var folder = new TempDirectory();
        Assert.Empty(FtpAccountFile.Load(folder.Combine("none.json")).Users);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "{ \"version\": 2, \"users\": {} }", "version 2" },
        { "{ \"version\": 1,\n \"users\": { \"a\": { \"password\": \"HASH\", \"home\": \"/h\", } ,\n } \n", "line" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"secret\", \"home\": \"/h\" } } }", "user 'a': \"password\"" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"HASH\" } } }", "no \"home\"" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"HASH\", \"home\": \"relative/h\" } } }", "not a full path" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"HASH\", \"home\": \"/h\", \"group\": \"nobody\" } } }", "group 'nobody'" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"HASH\", \"home\": \"/h\", \"rights\": { \"/in\": [\"Fly\"] } } } }", "'Fly' is not a right" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"HASH\", \"home\": \"/h\", \"rights\": { \"in/../x\": [\"List\"] } } } }", "rights path 'in/../x'" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"HASH\", \"home\": \"/h\", \"mounts\": { \"/\": \"/x\" } } } }", "mount '/'" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"HASH\", \"home\": \"/h\", \"allowedAddresses\": [\"10.0.0.0/99\"] } } }", "allowed address" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"HASH\", \"home\": \"/h\", \"quotaBytes\": -1 } } }", "quotas" },
        { "{ \"version\": 1, \"users\": { \"anonymous\": { \"password\": \"HASH\", \"home\": \"/h\" } } }", "not a login name" },
        { "{ \"version\": 1, \"users\": { \"a\": { \"password\": \"HASH\", \"home\": \"/h\", \"homme\": \"/x\" } } }", "homme" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_file_is_refused_naming_the_file_and_the_fault(string json, string expected)
    {
        json = json.Replace("HASH", Hash, StringComparison.Ordinal).Replace("\"/h\"", OperatingSystem.IsWindows() ? "\"C:\\\\h\"" : "\"/h\"", StringComparison.Ordinal);
        var error = Assert.Throws<FormatException>(() => FtpAccountFile.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "accounts.json"));
        Assert.StartsWith("accounts.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
