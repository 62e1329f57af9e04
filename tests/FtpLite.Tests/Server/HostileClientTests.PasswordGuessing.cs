using System.Collections.Concurrent;
using System.Net;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server;

/// <summary>Issue 12 item 5: guessing from one address gets it banned; the right user elsewhere is not locked out.</summary>
public sealed partial class HostileClientTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.2");

    private static Task<ServerFixture> StartGuardedAsync(ManualClock clock, Action<FtpServerEvent>? log = null) =>
        ServerFixture.StartAsync(fs => new FtpServerOptions
        {
            Port = 0,
            FileSystem = fs,
            Users = [new NetworkCredential("alice", "s3cret-pass")],
            FailedLoginDelay = TimeSpan.Zero,
            MaxLoginFailures = 100,
            LoginBanThreshold = 5,
            TimeProvider = clock,
            Log = log,
        });

    [Fact]
    public async Task Guessing_from_one_address_bans_it_until_the_ban_expires_and_the_right_user_elsewhere_logs_in()
    {
        var clock = new ManualClock();
        var events = new ConcurrentQueue<FtpServerEvent>();
        await using var fixture = await StartGuardedAsync(clock, events.Enqueue);
        var (guesser, greeting) = await RawFtp.OpenFromAsync(Guesser, fixture.Port);
        await using (guesser)
        {
            Assert.Equal(220, greeting.Code);
            for (var guess = 1; guess <= 5; guess++)
            {
                Assert.Equal(331, (await guesser.SendAsync("USER alice")).Code);
                var reply = await guesser.SendAsync($"PASS guess-{guess}");
                Assert.Equal(guess < 5 ? 530 : 421, reply.Code);
            }

            await Assert.ThrowsAsync<FtpLite.FtpConnectionException>(() => guesser.ReadAsync());
        }

        var (again, refused) = await RawFtp.OpenFromAsync(Guesser, fixture.Port);
        await using (again)
        {
            Assert.Equal(421, refused.Code);
            Assert.Contains("banned", refused.Message, StringComparison.Ordinal);
        }

        // The same account from another address is not locked out.
        await using (var user = await RawFtp.ConnectAsync(fixture.Port, login: false))
        {
            Assert.Equal(331, (await user.SendAsync("USER alice")).Code);
            Assert.Equal(230, (await user.SendAsync("PASS s3cret-pass")).Code);
        }

        Assert.Contains(events, e => e.Kind == FtpServerEventKind.Banned && e.RemoteEndPoint?.Address.Equals(Guesser) == true);

        clock.Advance(fixture.Server.Options.LoginBanDuration + TimeSpan.FromSeconds(1));
        var (later, welcome) = await RawFtp.OpenFromAsync(Guesser, fixture.Port);
        await using (later)
        {
            Assert.Equal(220, welcome.Code);
            Assert.Equal(331, (await later.SendAsync("USER alice")).Code);
            Assert.Equal(230, (await later.SendAsync("PASS s3cret-pass")).Code);
        }
    }

    [Fact]
    public async Task Parallel_guessing_connections_are_banned_together()
    {
        var clock = new ManualClock();
        await using var fixture = await StartGuardedAsync(clock);
        var guessers = new List<RawFtp>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var (raw, greeting) = await RawFtp.OpenFromAsync(Guesser, fixture.Port);
                guessers.Add(raw);
                Assert.Equal(220, greeting.Code);
            }

            // One guess per connection: the fifth bans the address, and every later PASS from it gets 421,
            // even the right password.
            var codes = new List<int>();
            foreach (var raw in guessers)
            {
                Assert.Equal(331, (await raw.SendAsync("USER alice")).Code);
                codes.Add((await raw.SendAsync(codes.Count < 7 ? "PASS wrong" : "PASS s3cret-pass")).Code);
            }

            Assert.Equal([530, 530, 530, 530, 421, 421, 421, 421, 421, 421], codes);
        }
        finally
        {
            foreach (var raw in guessers)
            {
                await raw.DisposeAsync();
            }
        }
    }

    [Fact]
    public void The_penalty_doubles_per_address_and_per_account_up_to_sixteen_times()
    {
        var options = new FtpServerOptions { FileSystem = null!, FailedLoginDelay = TimeSpan.FromSeconds(1), LoginBanThreshold = 0, TimeProvider = new ManualClock() };
        var defender = new LoginDefender(options);
        var seconds = Enumerable.Range(0, 7).Select(_ => defender.RecordFailure(Guesser, "alice").Delay.TotalSeconds).ToList();
        Assert.Equal([1, 2, 4, 8, 16, 16, 16], seconds);

        // Another address guessing the same account pays the account's penalty; another account from a fresh
        // address starts again at one second.
        Assert.Equal(16, defender.RecordFailure(IPAddress.Parse("127.0.0.3"), "alice").Delay.TotalSeconds);
        Assert.Equal(1, defender.RecordFailure(IPAddress.Parse("127.0.0.4"), "bob").Delay.TotalSeconds);

        // An IPv6 attacker counts as one address per /64.
        Assert.Equal(LoginDefender.Key(IPAddress.Parse("2001:db8::1")), LoginDefender.Key(IPAddress.Parse("2001:db8::ffff:2")));
        Assert.NotEqual(LoginDefender.Key(IPAddress.Parse("2001:db8::1")), LoginDefender.Key(IPAddress.Parse("2001:db8:0:1::1")));
    }

    [Fact]
    public void Failures_are_forgotten_after_the_ban_duration_and_memory_stays_bounded()
    {
        var clock = new ManualClock();
        var options = new FtpServerOptions { FileSystem = null!, FailedLoginDelay = TimeSpan.FromSeconds(1), LoginBanThreshold = 3, TimeProvider = clock };
        var defender = new LoginDefender(options);
        Assert.False(defender.RecordFailure(Guesser, "alice").Banned);
        Assert.False(defender.RecordFailure(Guesser, "alice").Banned);
        clock.Advance(options.LoginBanDuration);
        Assert.Equal((TimeSpan.FromSeconds(1), false), defender.RecordFailure(Guesser, "alice"));
        Assert.False(defender.RecordFailure(Guesser, "alice").Banned);
        Assert.True(defender.RecordFailure(Guesser, "alice").Banned);
        Assert.NotNull(defender.BanRemaining(Guesser));
        clock.Advance(options.LoginBanDuration);
        Assert.Null(defender.BanRemaining(Guesser));

        // Ever new user names share one count once the table is full.
        for (var i = 0; i < LoginDefender.MaxAccounts + 10; i++)
        {
            defender.RecordFailure(IPAddress.Parse("127.0.0.5"), $"user{i}");
            if (i % 1000 == 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        Assert.InRange(defender.TrackedAccounts, 1, LoginDefender.MaxAccounts + 1);
    }
}
