using System.Net;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>Issue 12 item 4: connections that never log in cannot take the slots of users who do.</summary>
public sealed partial class HostileClientTests
{
    [Fact]
    public async Task Five_hundred_connections_that_never_log_in_cannot_lock_out_a_user()
    {
        // Default limits: 500 connections, 250 per address.
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            Users = [new NetworkCredential("alice", "s3cret-pass")],
        });
        var hostile = new List<RawFtp>();
        try
        {
            var greetings = new List<int>();
            foreach (var last in new[] { 2, 3, 4, 5 })
            {
                var from = IPAddress.Parse($"127.0.0.{last}");
                var opened = await Task.WhenAll(Enumerable.Range(0, 125).Select(_ => RawFtp.OpenFromAsync(from, fixture.Port)));
                hostile.AddRange(opened.Select(o => o.Raw));
                greetings.AddRange(opened.Select(o => o.Greeting.Code));
            }

            Assert.Equal(500, greetings.Count);
            await using var user = await RawFtp.ConnectAsync(fixture.Port, login: false);
            Assert.Equal(331, (await user.SendAsync("USER alice")).Code);
            Assert.Equal(230, (await user.SendAsync("PASS s3cret-pass")).Code);
            Assert.Equal(4 * new FtpServerOptions { FileSystem = fixture.Server.Options.FileSystem }.MaxPendingLoginsPerIP, greetings.Count(code => code == 220));
        }
        finally
        {
            foreach (var raw in hostile)
            {
                await raw.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Connections_waiting_to_log_in_over_the_per_address_limit_get_421_and_logged_in_ones_do_not_count()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions { Port = 0, FileSystem = fs, MaxPendingLoginsPerIP = 2 });
        await using var one = await RawFtp.ConnectAsync(fixture.Port, login: false);
        await using var two = await RawFtp.ConnectAsync(fixture.Port, login: false);
        var (three, greeting) = await RawFtp.OpenFromAsync(IPAddress.Loopback, fixture.Port);
        await using (three)
        {
            Assert.Equal(421, greeting.Code);
            Assert.Contains("log in", greeting.Message, StringComparison.Ordinal);
        }

        // Another address is not affected, and a connection that logs in frees its slot.
        var (other, otherGreeting) = await RawFtp.OpenFromAsync(IPAddress.Parse("127.0.0.2"), fixture.Port);
        await using (other)
        {
            Assert.Equal(220, otherGreeting.Code);
        }

        Assert.Equal(331, (await one.SendAsync("USER anonymous")).Code);
        Assert.Equal(230, (await one.SendAsync("PASS test@")).Code);
        await using var four = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await four.SendAsync("NOOP")).Code);
    }

    [Fact]
    public async Task Noop_does_not_extend_the_login_deadline()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            LoginTimeout = TimeSpan.FromSeconds(1),
        });
        await using var raw = await RawFtp.ConnectAsync(fixture.Port, login: false);

        // A NOOP every 100 ms, at most 200 of them (20 s): the connection must be closed with 421 well before.
        for (var noop = 0; noop < 200; noop++)
        {
            var reply = await raw.SendAsync("NOOP");
            if (reply.Code == 421)
            {
                Assert.Contains("Login timeout", reply.Message, StringComparison.Ordinal);
                // A NOOP of ours may cross the server's close: then the close reads as a reset.
                await raw.AssertClosedAsync();
                return;
            }

            Assert.Equal(200, reply.Code);
            await Task.Delay(100);
        }

        Assert.Fail("200 NOOPs kept a connection that never logged in.");
    }

    [Fact]
    public async Task A_logged_in_connection_is_not_bound_by_the_login_deadline()
    {
        await using var fixture = await ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            LoginTimeout = TimeSpan.FromMilliseconds(500),
        });
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(200, (await raw.SendAsync("NOOP")).Code);
    }
}
