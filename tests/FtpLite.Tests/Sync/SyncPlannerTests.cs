using FtpLite.Sync;

namespace FtpLite.Tests.Sync;

/// <summary>The planner's rules, on snapshots built by hand: no disk, no network.</summary>
public sealed class SyncPlannerTests
{
    private static readonly DateTime T0 = new(2026, 11, 30, 10, 20, 30, 456, DateTimeKind.Utc);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static SyncEntry File(string path, long length = 10, DateTime? time = null, TimeSpan? precision = null) =>
        new(path, false, length, time ?? T0, precision ?? Tick);

    private static SyncEntry Folder(string path) => new(path, true, 0, T0, Tick);

    private static SyncSnapshot Snapshot(params SyncEntry[] entries)
    {
        var snapshot = new SyncSnapshot();
        foreach (var entry in entries)
        {
            snapshot.Add(entry);
        }

        return snapshot;
    }

    private static SyncOptions Upload(bool delete = false) => new() { Direction = SyncDirection.Upload, Delete = delete };

    [Fact]
    public void New_files_and_folders_are_transferred_parents_first_and_the_same_ones_skipped()
    {
        var source = Snapshot(Folder("a"), Folder("empty"), File("a/new.txt"), File("same.txt"), Folder("a/b"), File("a/b/deep [1].txt", 0));
        var target = Snapshot(Folder("a"), File("same.txt"));

        var plan = SyncPlanner.Plan(source, target, Upload());

        Assert.Equal(["empty", "a/b"], plan.Folders.Select(a => a.RelativePath));
        Assert.Equal(["a/new.txt", "a/b/deep [1].txt"], plan.Files.Select(a => a.RelativePath));
        Assert.All(plan.Folders.Concat(plan.Files), a => Assert.Equal(SyncActionKind.Upload, a.Kind));
        var skip = Assert.Single(plan.Skips);
        Assert.Equal(("same.txt", SyncSkipReason.Unchanged), (skip.RelativePath, skip.SkipReason));
        Assert.Empty(plan.Deletions);
        Assert.Equal(10, plan.BytesToTransfer);
    }

    [Fact]
    public void Download_direction_names_its_transfers_downloads()
    {
        var plan = SyncPlanner.Plan(Snapshot(File("x")), Snapshot(), new SyncOptions { Direction = SyncDirection.Download });

        Assert.Equal(SyncActionKind.Download, Assert.Single(plan.Files).Kind);
    }

    [Fact]
    public void A_size_or_time_difference_transfers_and_says_which()
    {
        var source = Snapshot(File("size", 11), File("time", time: T0.AddMinutes(5)));
        var target = Snapshot(File("size", 10), File("time"));

        var plan = SyncPlanner.Plan(source, target, Upload());

        Assert.Equal(["size differs", "time differs"], plan.Files.Select(a => a.Why));
    }

    [Fact]
    public void Times_compare_at_the_coarser_precision_of_the_two_sides()
    {
        // MLSD tells seconds: the local file's milliseconds do not count. A LIST line tells minutes.
        var local = File("f", time: T0);
        Assert.Null(SyncPlanner.Difference(local, File("f", time: T0.AddTicks(-(T0.Ticks % Second.Ticks)), precision: Second), Upload()));
        Assert.Null(SyncPlanner.Difference(local, File("f", time: new DateTime(2026, 11, 30, 10, 20, 0, DateTimeKind.Utc), precision: Minute), Upload()));
        Assert.Equal("time differs", SyncPlanner.Difference(local, File("f", time: T0.AddSeconds(-1), precision: Second), Upload()));
        Assert.Equal("time differs", SyncPlanner.Difference(local, File("f", time: new DateTime(2026, 11, 30, 10, 21, 0, DateTimeKind.Utc), precision: Minute), Upload()));
    }

    [Fact]
    public void Without_time_setting_on_the_target_a_target_not_older_counts_as_the_same()
    {
        var options = Upload() with { TargetKeepsTimes = false };
        var local = File("f", time: T0);

        Assert.Null(SyncPlanner.Difference(local, File("f", time: T0.AddHours(1), precision: Minute), options));
        Assert.Equal("the source is newer", SyncPlanner.Difference(local, File("f", time: T0.AddHours(-1), precision: Minute), options));
        Assert.Equal("size differs", SyncPlanner.Difference(local, File("f", 11, time: T0.AddHours(1)), options));
    }

    [Fact]
    public void Size_comparison_ignores_times_and_hash_comparison_uses_hashes()
    {
        var older = File("f", time: T0.AddDays(-3));
        Assert.Null(SyncPlanner.Difference(File("f"), older, Upload() with { Comparison = SyncComparison.Size }));

        var hashed = Upload() with { Comparison = SyncComparison.Hash };
        Assert.Null(SyncPlanner.Difference(File("f") with { Hash = "AB" }, older with { Hash = "ab" }, hashed));
        Assert.Equal("content differs", SyncPlanner.Difference(File("f") with { Hash = "ab" }, File("f") with { Hash = "cd" }, hashed));
    }

    [Fact]
    public void Target_only_items_are_kept_without_delete_and_deleted_topmost_with_it()
    {
        var source = Snapshot(File("keep"));
        var target = Snapshot(File("keep"), File("extra"), Folder("old"), File("old/1"), Folder("old/sub"), File("old/sub/2"));

        var kept = SyncPlanner.Plan(source, target, Upload());
        Assert.Empty(kept.Deletions);
        Assert.Equal(["extra", "old"], kept.Skips.Where(s => s.SkipReason == SyncSkipReason.OnlyOnTarget).Select(s => s.RelativePath));

        var plan = SyncPlanner.Plan(source, target, Upload(delete: true));
        Assert.Equal(["extra", "old"], plan.Deletions.Select(d => d.RelativePath));
        Assert.Equal(3, plan.DeletedFileCount);
        Assert.Equal(4, plan.TargetFileCount);
        Assert.Equal(0.75, plan.DeleteShare);
    }

    [Fact]
    public void Nothing_is_deleted_below_a_source_folder_that_could_not_be_listed()
    {
        var source = Snapshot(Folder("locked"), Folder("open"));
        source.MarkIncomplete("locked", "550 refused");
        var target = Snapshot(Folder("locked"), File("locked/a"), Folder("locked/sub"), File("locked/sub/b"), Folder("open"), File("open/c"));

        var plan = SyncPlanner.Plan(source, target, Upload(delete: true));

        Assert.Equal(["open/c"], plan.Deletions.Select(d => d.RelativePath));
        Assert.Equal(["locked/a", "locked/sub"], plan.Skips.Where(s => s.SkipReason == SyncSkipReason.SourceNotListed).Select(s => s.RelativePath));
    }

    [Fact]
    public void A_file_replaces_a_folder_and_a_folder_a_file_counting_what_goes()
    {
        var source = Snapshot(File("was-folder"), Folder("was-file"), File("was-file/inside"));
        var target = Snapshot(Folder("was-folder"), File("was-folder/1"), File("was-folder/2"), File("was-file"));

        var plan = SyncPlanner.Plan(source, target, Upload(delete: true));

        var folder = Assert.Single(plan.Folders);
        Assert.Equal(("was-file", true), (folder.RelativePath, folder.ReplacesTarget));
        Assert.Equal(["was-folder", "was-file/inside"], plan.Files.Select(f => f.RelativePath));
        Assert.True(plan.Files[0].ReplacesTarget);
        Assert.False(plan.Files[1].ReplacesTarget);

        // The replaced folder's files go with it: they are not deleted a second time.
        Assert.Empty(plan.Deletions);
        Assert.Equal(3, plan.DeletedFileCount);
    }

    [Fact]
    public void Excluded_items_are_neither_transferred_nor_deleted_and_block_a_whole_folder_delete()
    {
        var filter = new SyncFilter(exclude: ["*.log", "cache"]);
        var source = Snapshot(File("a.log"), File("a.txt"), Folder("cache"), File("cache/x"));
        var target = Snapshot(File("t.log"), Folder("old"), File("old/keep.log"), File("old/go.txt"), Folder("cache"), File("cache/y"));

        var plan = SyncPlanner.Plan(source, target, Upload(delete: true) with { Filter = filter });

        Assert.Equal(["a.txt"], plan.Files.Select(f => f.RelativePath));
        Assert.Empty(plan.Folders);
        Assert.Equal(["old/go.txt"], plan.Deletions.Select(d => d.RelativePath));
    }

    [Fact]
    public void A_target_folder_listed_in_part_is_not_deleted_whole()
    {
        var target = Snapshot(Folder("old"), File("old/a"));
        target.MarkIncomplete("old", "timed out");

        var plan = SyncPlanner.Plan(Snapshot(), target, Upload(delete: true));

        Assert.Equal(["old/a"], plan.Deletions.Select(d => d.RelativePath));
    }

    [Fact]
    public void An_identical_tree_plans_no_transfer_and_no_deletion()
    {
        var entries = new[] { Folder("d"), File("d/a b.txt"), File("ünï €.txt", 0), File("[x].bin") };

        var plan = SyncPlanner.Plan(Snapshot(entries), Snapshot(entries), Upload(delete: true));

        Assert.Empty(plan.Folders);
        Assert.Empty(plan.Files);
        Assert.Empty(plan.Deletions);
        Assert.Equal(3, plan.Skips.Count);
    }
}
