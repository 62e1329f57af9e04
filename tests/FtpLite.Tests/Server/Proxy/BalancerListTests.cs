using System.Net;
using FtpLite.Server.Proxy;

namespace FtpLite.Tests.Server.Proxy;

public sealed class BalancerListTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("10.0.0.0/24", "10.0.0.255", true)]
    [InlineData("10.0.0.0/24", "10.0.1.0", false)]
    [InlineData("fd00::/8", "fd12::1", true)]
    [InlineData("fd00::/8", "10.0.0.1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::ffff:10.0.0.9", "10.0.0.9", true)]
    public void Addresses_and_networks_match(string entry, string address, bool listed) =>
        Assert.Equal(listed, BalancerList.Parse([entry]).Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("")]
    [InlineData("balancer.example")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.1/24")]
    [InlineData("10.0.0.0/")]
    public void Anything_else_is_refused_and_named(string entry)
    {
        var error = Assert.Throws<FormatException>(() => BalancerList.Parse(["127.0.0.1", entry]));
        Assert.Contains($"'{entry}'", error.Message, StringComparison.Ordinal);
    }
}
