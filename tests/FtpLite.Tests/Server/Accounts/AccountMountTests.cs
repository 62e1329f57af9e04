using System.Text;
using FtpLite.Server.Accounts;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.Server.Accounts;

/// <summary>Mounted folders and group defaults.</summary>
public sealed class AccountMountTests
{
    [Fact]
    public async Task A_mount_shows_another_folder_at_its_virtual_path_and_keeps_its_jail()
    {
        using var shared = new TempDirectory("ftplite-shared-");
        shared.WriteFile("catalog.pdf", "catalog"u8.ToArray());
        await using var server = await AccountServer.StartAsync(s =>
        {
            var user = s.AddUser("alice");
            user.Mounts = new() { ["/pub/shared"] = shared.Path };
            user.Rights = new() { ["/"] = FtpRights.All, ["/pub/shared"] = FtpRights.ReadOnly | FtpRights.Upload };
            File.WriteAllText(Path.Combine(user.Home!, "mine.txt"), "mine");
        });
        await using var raw = await server.LoginAsync("alice");

        Assert.Equal(["mine.txt", "pub"], Names(await raw.ReceiveAsync("NLST /")));
        Assert.Equal(["shared"], Names(await raw.ReceiveAsync("NLST /pub")));
        Assert.Equal("catalog", Encoding.UTF8.GetString((await raw.ReceiveAsync("RETR /pub/shared/catalog.pdf")).Data));
        Assert.Equal(226, await AccountRightsTests.UploadAsync(raw, "STOR /pub/shared/new.txt", "new"));
        Assert.Equal("new", File.ReadAllText(shared.Combine("new.txt")));
        Assert.Equal(550, (await raw.SendAsync("DELE /pub/shared/catalog.pdf")).Code);
        Assert.Equal(550, (await raw.SendAsync("RMD /pub/shared")).Code);
        Assert.Equal(550, await AccountRightsTests.RunAsync(raw, "RNFR /mine.txt|RNTO /pub/shared/mine.txt"));
        Assert.Equal(550, await AccountRightsTests.RunAsync(raw, "RNFR /pub|RNTO /elsewhere"));
        Assert.Equal(550, (await raw.ReceiveAsync("RETR /pub/shared/../../../catalog.pdf")).Final.Code);
        Assert.Equal(["catalog.pdf", "new.txt"], Directory.GetFiles(shared.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(server.HomeOf("alice"), "mine.txt")));
    }

    [Fact]
    public async Task Users_inherit_their_groups_defaults_and_override_them()
    {
        await using var server = await AccountServer.StartAsync(s =>
        {
            s.Accounts.Groups["partners"] = new FtpAccountGroup
            {
                Home = Path.Combine(s.Folder.Path, "partners", "{user}"),
                Rights = new() { ["/"] = FtpRights.DropBox, ["/out"] = FtpRights.ReadOnly },
            };
            foreach (var name in Partners)
            {
                Directory.CreateDirectory(Path.Combine(s.Folder.Path, "partners", name, "out"));
                File.WriteAllText(Path.Combine(s.Folder.Path, "partners", name, "out", "invoice.txt"), name);
                var user = s.AddUser(name);
                user.Home = null;
                user.Group = "partners";
            }

            s.Accounts.Users["globex"].Rights = new() { ["/out"] = FtpRights.All };
        });

        await using var acme = await server.LoginAsync("acme");
        Assert.Equal(226, await AccountRightsTests.UploadAsync(acme, "STOR order.csv", "1"));
        Assert.Equal(550, (await acme.ReceiveAsync("LIST /")).Final.Code);
        Assert.Equal("acme", Encoding.UTF8.GetString((await acme.ReceiveAsync("RETR /out/invoice.txt")).Data));
        Assert.True(File.Exists(Path.Combine(server.Folder.Path, "partners", "acme", "order.csv")));

        // globex's own rights for /out win over the group's; "/" still comes from the group.
        await using var globex = await server.LoginAsync("globex");
        Assert.Equal(250, (await globex.SendAsync("DELE /out/invoice.txt")).Code);
        Assert.Equal(550, (await globex.ReceiveAsync("LIST /")).Final.Code);
        Assert.Equal(550, (await acme.SendAsync("DELE /out/invoice.txt")).Code);
    }

    private static readonly string[] Partners = ["acme", "globex"];

    private static string[] Names((byte[] Data, FtpLite.Protocol.FtpReply Final, FtpLite.Protocol.FtpReply First) listing)
    {
        Assert.Equal(226, listing.Final.Code);
        return [.. ListingAssert.Lines(Encoding.UTF8.GetString(listing.Data)).Select(line => line.TrimStart('/').Split('/')[^1]).Order(StringComparer.Ordinal)];
    }
}
