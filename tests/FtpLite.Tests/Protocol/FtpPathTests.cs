using FtpLite.Protocol;

namespace FtpLite.Tests.Protocol;

public sealed class FtpPathTests
{
    [Theory]
    [InlineData("/", "a", "/a")]
    [InlineData("/a", "b/c", "/a/b/c")]
    [InlineData("/a/b", "..", "/a")]
    [InlineData("/a/b", "../..", "/")]
    [InlineData("/a", "../../../../etc/passwd", "/etc/passwd")]
    [InlineData("/a", "/x/./y//z/", "/x/y/z")]
    [InlineData("/a", "..\\..\\secret", "/secret")]
    [InlineData("/a", "\\abs", "/abs")]
    [InlineData("/", "", "/")]
    [InlineData("/a", ".", "/a")]
    [InlineData("/", "%2e%2e/x", "/%2e%2e/x")]
    public void Resolve_normalises_and_never_climbs_above_the_root(string current, string path, string expected) =>
        Assert.Equal(expected, FtpPath.Resolve(current, path));

    [Fact]
    public void Resolve_rejects_nul() => Assert.Null(FtpPath.Resolve("/", "a\0b"));

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a", "/")]
    [InlineData("/a/b", "/a")]
    public void GetParent(string path, string parent) => Assert.Equal(parent, FtpPath.GetParent(path));

    [Theory]
    [InlineData("/a/b.txt", "b.txt")]
    [InlineData("/a/dir/", "dir")]
    [InlineData("name", "name")]
    [InlineData("/", "")]
    public void GetName(string path, string name) => Assert.Equal(name, FtpPath.GetName(path));

    [Theory]
    [InlineData("/dir", "say \"hi\"")]
    [InlineData("/", "plain")]
    public void Quote_and_unquote_round_trip(string directory, string name)
    {
        var path = FtpPath.Combine(directory, name);
        Assert.Equal(path, FtpPath.Unquote(FtpPath.Quote(path) + " is the current directory"));
    }

    [Fact]
    public void Unquote_reads_vsftpd_pwd_reply() => Assert.Equal("/", FtpPath.Unquote("\"/\" is the current directory"));
}
