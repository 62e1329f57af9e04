using FtpLite.Sync;

namespace FtpLite.Tests.Sync;

public sealed class SyncFilterTests
{
    [Theory]
    [InlineData("*.log", "a.log", true)]
    [InlineData("*.log", "deep/down/a.LOG", true)]
    [InlineData("*.log", "a.log.txt", false)]
    [InlineData("logs/*.txt", "logs/a.txt", true)]
    [InlineData("logs/*.txt", "x/logs/a.txt", false)]
    [InlineData("logs/*.txt", "logs/sub/a.txt", false)]
    [InlineData("logs/**", "logs/sub/a.txt", true)]
    [InlineData("/logs/*.txt", "logs/a.txt", true)]
    [InlineData("file?.bin", "file1.bin", true)]
    [InlineData("file[0-3].bin", "file4.bin", false)]
    [InlineData("file[!0-3].bin", "file4.bin", true)]
    [InlineData("odd`[1`].txt", "odd[1].txt", true)]
    [InlineData("odd [1].txt", "odd [1].txt", false)]
    public void Exclude_matches_names_at_any_depth_or_whole_paths(string pattern, string path, bool excluded)
    {
        Assert.Equal(!excluded, new SyncFilter(exclude: [pattern]).Includes(path, isDirectory: false));
    }

    [Fact]
    public void An_excluded_folder_excludes_everything_below_it()
    {
        var filter = new SyncFilter(exclude: ["node_modules"]);

        Assert.False(filter.Includes("app/node_modules", isDirectory: true));
        Assert.False(filter.Includes("app/node_modules/x/y.js", isDirectory: false));
        Assert.True(filter.Includes("app/main.js", isDirectory: false));
    }

    [Fact]
    public void Include_selects_files_and_leaves_folders_walkable()
    {
        var filter = new SyncFilter(include: ["*.html", "*.css"], exclude: ["draft*"]);

        Assert.True(filter.Includes("sub", isDirectory: true));
        Assert.True(filter.Includes("sub/index.html", isDirectory: false));
        Assert.False(filter.Includes("sub/app.js", isDirectory: false));
        Assert.False(filter.Includes("draft.html", isDirectory: false));
    }
}
