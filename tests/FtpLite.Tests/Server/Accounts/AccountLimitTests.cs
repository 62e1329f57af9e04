using System.Text;
using FtpLite.FileSystem;
using FtpLite.Server.Accounts;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Accounts;

/// <summary>Quotas of bytes and files, and the bandwidth throttle (checked on a clock that jumps, never timed).</summary>
public sealed class AccountLimitTests
{
    [Fact]
    public async Task An_upload_past_the_byte_quota_gets_552_and_leaves_nothing()
    {
        await using var server = await AccountServer.StartAsync(s =>
        {
            var user = s.AddUser("alice");
            File.WriteAllText(Path.Combine(user.Home!, "old.txt"), "0123456789");
            user.QuotaBytes = 30;
        });
        await using var raw = await server.LoginAsync("alice");
        var home = server.HomeOf("alice");

        Assert.Equal(226, await AccountRightsTests.UploadAsync(raw, "STOR a.txt", new string('a', 15)));
        Assert.Equal(552, await AccountRightsTests.UploadAsync(raw, "STOR b.txt", new string('b', 6)));
        Assert.False(File.Exists(Path.Combine(home, "b.txt")));
        Assert.Empty(Directory.GetFiles(home, ".ftplite-*"));
        Assert.Equal(552, await AccountRightsTests.UploadAsync(raw, "APPE a.txt", new string('c', 6)));
        Assert.Equal(new string('a', 15), File.ReadAllText(Path.Combine(home, "a.txt")));

        // Replacing a file counts only the difference; deleting gives the room back.
        Assert.Equal(226, await AccountRightsTests.UploadAsync(raw, "STOR a.txt", new string('d', 20)));
        Assert.Equal(250, (await raw.SendAsync("DELE old.txt")).Code);
        Assert.Equal(226, await AccountRightsTests.UploadAsync(raw, "STOR b.txt", new string('b', 10)));
        Assert.Equal(30, Directory.GetFiles(home).Sum(f => new FileInfo(f).Length));
    }

    [Fact]
    public async Task The_file_quota_counts_new_files_across_sessions()
    {
        await using var server = await AccountServer.StartAsync(s => s.AddUser("alice").QuotaFiles = 2);
        await using var first = await server.LoginAsync("alice");
        await using var second = await server.LoginAsync("alice");

        Assert.Equal(226, await AccountRightsTests.UploadAsync(first, "STOR 1.txt", "1"));
        Assert.Equal(226, await AccountRightsTests.UploadAsync(second, "STOR 2.txt", "2"));
        Assert.Equal(552, await AccountRightsTests.UploadAsync(first, "STOR 3.txt", "3"));
        Assert.Equal(226, await AccountRightsTests.UploadAsync(first, "STOR 1.txt", "replaced"));
        Assert.Equal(["1.txt", "2.txt"], Directory.GetFiles(server.HomeOf("alice")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_commit_taken_back_gives_its_room_back()
    {
        using var home = new TempDirectory();
        home.WriteFile("old.bin", new byte[10]);
        var usage = QuotaUsage.Count(home.Path);
        var quota = new QuotaFileSystem(new DiskFileSystem(home.Path), usage, maxBytes: 100, maxFiles: 10);

        await using (var upload = await quota.BeginUploadAsync("/old.bin", 0, false, default))
        {
            await upload.Stream.WriteAsync(new byte[40]);
            await upload.CommitAsync(default);
            Assert.Equal((40, 1), (usage.Bytes, usage.Files));
            Assert.True(await upload.RevertAsync(default));
        }

        Assert.Equal(10, new FileInfo(home.Combine("old.bin")).Length);
        Assert.Equal((10, 1), (usage.Bytes, usage.Files));
    }

    [Fact]
    public async Task The_throttle_holds_a_stream_to_its_rate()
    {
        var clock = new JumpingClock();
        var sink = new MemoryStream();
        const int rate = 100 * 1024;
        await using (var throttled = new ThrottledStream(sink, rate, clock))
        {
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 16; i++)
            {
                await throttled.WriteAsync(chunk);
            }
        }

        // 1 MiB at 100 KiB/s is due after 10.24 s of the throttle's clock; the clock moved by waits alone.
        Assert.InRange(clock.Elapsed.TotalSeconds, 10.2, 10.3);

        clock = new JumpingClock();
        await using var reader = new ThrottledStream(new MemoryStream(new byte[512 * 1024]), rate, clock);
        await reader.CopyToAsync(Stream.Null);
        Assert.InRange(clock.Elapsed.TotalSeconds, 5.1, 5.2);
    }

    [Fact]
    public async Task A_bandwidth_limit_throttles_the_sessions_transfers_and_gives_up_zero_copy()
    {
        using var home = new TempDirectory();
        home.WriteFile("f.bin", new byte[10]);
        var file = new FtpAccountFile();
        file.Users["alice"] = new FtpAccount { Name = "alice", PasswordHash = AccountServer.Hash("x"), Home = home.Path, BandwidthBytesPerSecond = 4 << 20 };
        var limited = AccountFileSystem.Create(FtpAccountPolicy.For(file, file.Users["alice"]), () => throw new InvalidOperationException(), TimeProvider.System);
        file.Users["alice"].BandwidthBytesPerSecond = null;
        var free = AccountFileSystem.Create(FtpAccountPolicy.For(file, file.Users["alice"]), () => throw new InvalidOperationException(), TimeProvider.System);

        await using var throttled = await limited.OpenReadAsync("/f.bin", 0, default);
        Assert.IsType<ThrottledStream>(throttled);
        Assert.Null(((IFtpZeroCopyFileSystem)limited).GetZeroCopySource(throttled));
        await using (var upload = await limited.BeginUploadAsync("/g.bin", 0, false, default))
        {
            Assert.IsType<ThrottledStream>(upload.Stream);
        }

        await using var plain = await free.OpenReadAsync("/f.bin", 0, default);
        Assert.NotNull(((IFtpZeroCopyFileSystem)free).GetZeroCopySource(plain));
    }
}
