using System.Net;
using FtpLite.Protocol;

namespace FtpLite.Tests.Protocol;

public sealed class PassiveReplyTests
{
    [Fact]
    public void Pasv_reply() =>
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 40022), PassiveReply.ParsePasv("Entering Passive Mode (127,0,0,1,156,86)."));

    [Theory]
    [InlineData("Entering Passive Mode (127,0,0,1,0,0).")]
    [InlineData("Entering Passive Mode (300,0,0,1,1,1).")]
    [InlineData("nonsense")]
    public void Bad_pasv_replies_are_protocol_errors(string text) => Assert.Throws<FtpProtocolException>(() => PassiveReply.ParsePasv(text));

    [Theory]
    [InlineData("Entering Extended Passive Mode (|||40022|)", 40022)]
    [InlineData("Entering Extended Passive Mode (!!!1!)", 1)]
    public void Epsv_reply(string text, int port) => Assert.Equal(port, PassiveReply.ParseEpsv(text));

    [Theory]
    [InlineData("Entering Extended Passive Mode (|||0|)")]
    [InlineData("Entering Extended Passive Mode (|||70000|)")]
    [InlineData("Entering Extended Passive Mode")]
    public void Bad_epsv_replies_are_protocol_errors(string text) => Assert.Throws<FtpProtocolException>(() => PassiveReply.ParseEpsv(text));

    [Fact]
    public void Format_pasv_maps_ipv4_mapped_addresses() =>
        Assert.Equal("127,0,0,1,4,0", PassiveReply.FormatPasv(new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 1024)));
}
