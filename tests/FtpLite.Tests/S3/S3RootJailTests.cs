using System.Net;
using System.Text;
using Amazon.S3.Model;
using FtpLite.Server;
using FtpLite.Tests.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.S3;

/// <summary>
/// The hostile-path corpus of <see cref="RootJailTests"/> against a server on S3: no key outside the served
/// prefix (the bucket's top, a sibling prefix that shares the name's start) is read, listed, written, renamed,
/// deleted or re-timed, whatever path a client sends.
/// </summary>
[Collection(UsesCephS3.Name)]
public sealed class S3RootJailTests(CephS3Gateway gateway)
{
    public static TheoryData<string> HostilePaths => RootJailTests.HostilePaths;

    [Theory]
    [MemberData(nameof(HostilePaths))]
    public async Task Hostile_paths_never_reach_keys_outside_the_prefix(string path)
    {
        using var store = await S3TestStore.CreateAsync(gateway, GetType());
        var sibling = store.Prefix.TrimEnd('/') + "-sibling";
        await PutRawAsync(store, "secret.txt", "top secret");
        await PutRawAsync(store, sibling + "/secret.txt", "sibling secret");
        await PutRawAsync(store, sibling + "/victim-dir/", string.Empty);
        await store.PutAsync("inside.txt", Encoding.UTF8.GetBytes("inside"));
        await store.PutAsync("sub/", []);
        var outsideBefore = await OutsideAsync(store);
        await using var fixture = await ServerFixture.StartAsync(_ => new FtpServerOptions { Address = IPAddress.Loopback, Port = 0, FileSystem = store.FileSystem });

        path = path.Replace("{sibling}", sibling, StringComparison.Ordinal);
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        var (data, final, _) = await raw.ReceiveAsync("RETR " + path);
        Assert.DoesNotContain("secret", Encoding.UTF8.GetString(data), StringComparison.Ordinal);
        Assert.True(final.Code >= 400, $"RETR {path} answered {final}");
        Assert.NotEqual(213, (await raw.SendAsync("SIZE " + path)).Code);
        Assert.NotEqual(213, (await raw.SendAsync("MDTM " + path)).Code);
        Assert.NotEqual(250, (await raw.SendAsync("DELE " + path)).Code);
        foreach (var listing in new[] { "LIST ", "MLSD ", "NLST " })
        {
            Assert.DoesNotContain("secret", Encoding.UTF8.GetString((await raw.ReceiveAsync(listing + path)).Data), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("secret", (await raw.SendAsync("MLST " + path)).Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", (await raw.SendAsync("STAT " + path)).Message, StringComparison.Ordinal);
        Assert.NotEqual(213, (await raw.SendAsync("HASH " + path)).Code);
        await RootJailTests.TryUploadAsync(raw, "STOR " + path);
        await RootJailTests.TryUploadAsync(raw, "APPE " + path);
        await raw.SendAsync("MKD " + path.Replace("secret.txt", "new-dir", StringComparison.Ordinal));
        await raw.SendAsync("MFMT 20010101000000 " + path);
        await raw.SendAsync("RMD " + path.Replace("secret.txt", "victim-dir", StringComparison.Ordinal));
        if ((await raw.SendAsync("RNFR " + path)).Code == 350)
        {
            await raw.SendAsync("RNTO stolen.txt");
        }

        Assert.Equal(350, (await raw.SendAsync("RNFR inside.txt")).Code);
        await raw.SendAsync("RNTO " + path);
        if ((await raw.SendAsync("CWD " + path)).Code == 250)
        {
            Assert.DoesNotContain("secret", Encoding.UTF8.GetString((await raw.ReceiveAsync("LIST")).Data), StringComparison.Ordinal);
        }

        Assert.Equal(outsideBefore, await OutsideAsync(store));
        if ((await store.KeysAsync()).Contains("stolen.txt"))
        {
            Assert.DoesNotContain("secret", Encoding.UTF8.GetString(await store.GetAsync("stolen.txt")), StringComparison.Ordinal);
        }
    }

    private static async Task PutRawAsync(S3TestStore store, string key, string content) =>
        await store.Client.PutObjectAsync(new PutObjectRequest { BucketName = store.Bucket, Key = key, ContentBody = content });

    /// <summary>Every key of the bucket outside the served prefix, with its ETag, time and size.</summary>
    private static async Task<List<string>> OutsideAsync(S3TestStore store)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = store.Bucket };
        do
        {
            var page = await store.Client.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Where(item => !item.Key.StartsWith(store.Prefix, StringComparison.Ordinal))
                .Where(item => !item.Key.StartsWith("t-", StringComparison.Ordinal) || item.Key.StartsWith(store.Prefix.TrimEnd('/') + "-", StringComparison.Ordinal))
                .Select(item => $"{item.Key} {item.ETag} {item.LastModified:O} {item.Size}"));
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
