using System.Net;
using Amazon.S3.Model;
using FtpLite.FileSystem;
using FtpLite.FileSystem.S3;
using FtpLite.Server;
using FtpLite.Tests.Support;

namespace FtpLite.Tests.S3;

/// <summary>
/// What the S3 backend promises beyond the shared backend theories (FileSystemBackendTests), each checked in a
/// real Ceph RADOS Gateway: parts a few at a time, nothing visible or left behind until complete, copies inside
/// the store for appends and renames, folders as prefixes, MFMT as metadata, conditional creation.
/// </summary>
[Collection(UsesCephS3.Name)]
public sealed class S3FileSystemTests(CephS3Gateway gateway)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_large_upload_goes_in_parts_a_few_at_a_time_and_appears_only_when_complete()
    {
        using var store = await StoreAsync(partsInFlight: 2);
        var content = TestData.Bytes(23 * MiB + 11, 1);

        await using (var upload = await store.FileSystem.BeginUploadAsync("/big.bin", 0, false, default))
        {
            foreach (var chunk in content.Chunk(64 * 1024))
            {
                await upload.Stream.WriteAsync(chunk);
            }

            Assert.Empty(await store.KeysAsync());
            Assert.Equal(["big.bin"], await store.MultipartUploadsAsync());
            await upload.CommitAsync(default);
        }

        Assert.Equal(["big.bin"], await store.KeysAsync());
        Assert.Equal(content, await store.GetAsync("big.bin"));
        Assert.Empty(await store.MultipartUploadsAsync());
        var requests = store.TakeRequests();
        Assert.Equal(5, requests.Count(name => name == nameof(UploadPartRequest)));
        Assert.InRange(store.MaxPartsRunning, 1, 2);
    }

    [Fact]
    public async Task A_file_that_fits_in_one_part_is_one_put()
    {
        using var store = await StoreAsync();
        var content = TestData.Bytes(100_000, 2);

        await UploadAsync(store.FileSystem, "/small.bin", content);

        Assert.Equal(content, await store.GetAsync("small.bin"));
        var requests = store.TakeRequests();
        Assert.Contains(nameof(PutObjectRequest), requests);
        Assert.DoesNotContain(nameof(InitiateMultipartUploadRequest), requests);
    }

    [Fact]
    public async Task A_broken_upload_aborts_its_multipart_upload_and_the_old_file_stays()
    {
        using var store = await StoreAsync();
        var old = TestData.Bytes(1000, 3);
        await store.PutAsync("f.bin", old);

        await using (var upload = await store.FileSystem.BeginUploadAsync("/f.bin", 0, false, default))
        {
            await upload.Stream.WriteAsync(TestData.Bytes(12 * MiB, 4));
            Assert.Equal(["f.bin"], await store.MultipartUploadsAsync());
        }

        Assert.Empty(await store.MultipartUploadsAsync());
        Assert.Equal(old, await store.GetAsync("f.bin"));
    }

    [Fact]
    public async Task Abor_through_the_server_leaves_no_file_and_no_multipart_upload()
    {
        using var store = await StoreAsync();
        await using var fixture = await ServerFixture.StartAsync(_ => new FtpServerOptions { Address = IPAddress.Loopback, Port = 0, FileSystem = store.FileSystem });
        await using var raw = await RawFtp.ConnectAsync(fixture.Port);
        Assert.Equal(200, (await raw.SendAsync("TYPE I")).Code);
        using var data = await raw.OpenDataAsync();
        Assert.Equal(150, (await raw.SendAsync("STOR cut.bin")).Code);
        await data.GetStream().WriteAsync(TestData.Bytes(12 * MiB, 5));
        await Eventually.TrueAsync(() => store.MultipartUploadsAsync().GetAwaiter().GetResult().Count == 1, "the server sends parts");

        // The 426 comes once the part on its way is cancelled and the multipart upload aborted: two requests to a
        // gateway that, under the whole suite's load, has been seen to take longer than the usual 20 s.
        await raw.WriteLineAsync("ABOR");
        Assert.Equal(426, (await raw.ReadAsync(TimeSpan.FromSeconds(90))).Code);
        Assert.Equal(226, (await raw.ReadAsync(TimeSpan.FromSeconds(90))).Code);

        await Eventually.TrueAsync(() => store.MultipartUploadsAsync().GetAwaiter().GetResult().Count == 0, "the multipart upload is aborted");
        Assert.Empty(await store.KeysAsync());
    }

    [Fact]
    public async Task An_upload_cancelled_while_its_multipart_upload_is_being_made_leaves_no_multipart_upload()
    {
        // ABOR's worst moment: the store has made the multipart upload and its id is on its way back. A cancelled
        // wait for that answer would lose the id, and with it the only way to abort the upload.
        var http = new HoldingHttpClientFactory(request => request.Method == HttpMethod.Post && request.RequestUri!.Query.Contains("uploads", StringComparison.Ordinal));
        using var store = await StoreAsync(http: http);
        using var abort = new CancellationTokenSource();
        var upload = await store.FileSystem.BeginUploadAsync("/cut.bin", 0, false, abort.Token);
        var writing = upload.Stream.WriteAsync(TestData.Bytes(6 * MiB, 12), abort.Token).AsTask();
        await http.Held;
        Assert.Equal(["cut.bin"], await store.MultipartUploadsAsync());

        await abort.CancelAsync();
        http.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writing);
        await upload.DisposeAsync();

        Assert.Empty(await store.MultipartUploadsAsync());
        Assert.Empty(await store.KeysAsync());
    }

    [Fact]
    public async Task An_upload_cancelled_while_the_store_completes_it_reports_the_file_the_store_made()
    {
        // The store has completed the multipart upload and says so; the cancellation (ABOR) comes before the
        // answer is read. A commit that then reported a cancellation would have the server say 426 over a file
        // that exists.
        var http = new HoldingHttpClientFactory(request => request.Method == HttpMethod.Post && request.RequestUri!.Query.Contains("uploadId=", StringComparison.Ordinal));
        using var store = await StoreAsync(http: http);
        using var abort = new CancellationTokenSource();
        var content = TestData.Bytes(6 * MiB, 13);
        var upload = await store.FileSystem.BeginUploadAsync("/done.bin", 0, false, abort.Token);
        await upload.Stream.WriteAsync(content, abort.Token);
        var committing = upload.CommitAsync(abort.Token).AsTask();
        await http.Held;

        await abort.CancelAsync();
        http.Release();
        await committing;
        await upload.DisposeAsync();

        Assert.Equal(content, await store.GetAsync("done.bin"));
        Assert.Empty(await store.MultipartUploadsAsync());
    }

    [Fact]
    public async Task Appending_to_a_large_file_copies_it_inside_the_store()
    {
        using var store = await StoreAsync();
        var head = TestData.Bytes(6 * MiB + 5, 6);
        var more = TestData.Bytes(MiB, 7);
        await store.PutAsync("log.bin", head);
        store.TakeRequests();

        await UploadAsync(store.FileSystem, "/log.bin", more, append: true);

        var requests = store.TakeRequests();
        Assert.Equal(head.Concat(more).ToArray(), await store.GetAsync("log.bin"));
        Assert.Contains(nameof(CopyPartRequest), requests);
        Assert.DoesNotContain(nameof(GetObjectRequest), requests);
        Assert.Empty(await store.MultipartUploadsAsync());
    }

    [Fact]
    public async Task A_restart_inside_a_large_file_keeps_its_head_by_a_copy_and_replaces_the_tail()
    {
        using var store = await StoreAsync();
        var old = TestData.Bytes(7 * MiB, 8);
        var tail = TestData.Bytes(100, 9);
        await store.PutAsync("r.bin", old);
        store.TakeRequests();

        await UploadAsync(store.FileSystem, "/r.bin", tail, offset: 6 * MiB);

        var requests = store.TakeRequests();
        Assert.Equal(old[..(6 * MiB)].Concat(tail).ToArray(), await store.GetAsync("r.bin"));
        Assert.Contains(nameof(CopyPartRequest), requests);
        Assert.DoesNotContain(nameof(GetObjectRequest), requests);
    }

    [Fact]
    public async Task Appending_to_a_file_under_5_MiB_reads_it_back_into_the_first_part()
    {
        using var store = await StoreAsync();
        var head = TestData.Bytes(100_000, 10);
        var more = TestData.Bytes(10_000, 11);
        await store.PutAsync("s.bin", head);
        store.TakeRequests();

        await UploadAsync(store.FileSystem, "/s.bin", more, append: true);

        var requests = store.TakeRequests();
        Assert.Equal(head.Concat(more).ToArray(), await store.GetAsync("s.bin"));
        Assert.Contains(nameof(GetObjectRequest), requests);
        Assert.DoesNotContain(nameof(CopyPartRequest), requests);
    }

    [Fact]
    public async Task Reading_from_an_offset_starts_there_and_past_the_end_reads_nothing()
    {
        using var store = await StoreAsync();
        var content = TestData.Bytes(50_000, 12);
        await store.PutAsync("read.bin", content);

        Assert.Equal(content[12_345..], await ReadAsync(store.FileSystem, "/read.bin", 12_345));
        Assert.Empty(await ReadAsync(store.FileSystem, "/read.bin", 50_000));
        Assert.Empty(await ReadAsync(store.FileSystem, "/read.bin", 80_000));
        var missing = await Assert.ThrowsAsync<FtpFileSystemException>(() => ReadAsync(store.FileSystem, "/nope.bin", 0));
        Assert.Equal(FtpFileSystemError.NotFound, missing.Error);
    }

    [Fact]
    public async Task Folders_are_prefixes_with_a_marker_only_while_empty_of_anything_else()
    {
        using var store = await StoreAsync();
        var fs = store.FileSystem;

        await fs.CreateDirectoryAsync("/d", default);
        Assert.Equal(["d/"], await store.KeysAsync());
        await UploadAsync(fs, "/d/f.txt", [1, 2, 3]);
        Assert.Equal(FtpFileSystemError.NotEmpty, (await Assert.ThrowsAsync<FtpFileSystemException>(() => fs.DeleteDirectoryAsync("/d", default).AsTask())).Error);
        Assert.Equal(FtpFileSystemError.AlreadyExists, (await Assert.ThrowsAsync<FtpFileSystemException>(() => fs.CreateDirectoryAsync("/d", default).AsTask())).Error);
        Assert.Equal(FtpFileSystemError.NotFound, (await Assert.ThrowsAsync<FtpFileSystemException>(() => fs.CreateDirectoryAsync("/no/d", default).AsTask())).Error);

        // A folder another tool made by writing "x/y.txt" (no marker) is listed, and stays when its last file goes.
        await store.PutAsync("x/y.txt", [4]);
        Assert.Equal(["d", "x"], (await fs.ListAsync("/", default).ToListAsync()).Where(e => e.IsDirectory).Select(e => e.Name));
        await fs.DeleteFileAsync("/x/y.txt", default);
        Assert.Contains("x/", await store.KeysAsync());
        Assert.Empty(await fs.ListAsync("/x", default).ToListAsync());

        await fs.DeleteFileAsync("/d/f.txt", default);
        await fs.DeleteDirectoryAsync("/d", default);
        await fs.DeleteDirectoryAsync("/x", default);
        Assert.Empty(await store.KeysAsync());
        Assert.Equal(FtpFileSystemError.NotFound, (await Assert.ThrowsAsync<FtpFileSystemException>(() => fs.ListAsync("/d", default).ToListAsync().AsTask())).Error);
    }

    [Fact]
    public async Task A_listing_pages_through_more_than_a_thousand_keys_with_sizes_from_the_listing()
    {
        using var store = await StoreAsync();
        var names = Enumerable.Range(0, 1005).Select(i => $"f{i:D4}.bin").ToList();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (name, _) => await store.PutAsync("many/" + name, new byte[name[1] - '0' + 1]));
        store.TakeRequests();

        var listed = await store.FileSystem.ListAsync("/many", default).ToListAsync();

        Assert.Equal(names, listed.Select(entry => entry.Name));
        Assert.All(listed, entry => Assert.Equal(entry.Name[1] - '0' + 1, entry.Length));
        var requests = store.TakeRequests();
        Assert.Equal(2, requests.Count(name => name == nameof(ListObjectsV2Request)));
        Assert.DoesNotContain(nameof(GetObjectMetadataRequest), requests);
    }

    [Fact]
    public async Task A_listing_is_in_the_stores_key_order_with_subfolders_where_their_prefix_sorts()
    {
        using var store = await StoreAsync();
        foreach (var key in new[] { "a-b.txt", "a/x.txt", "a0.txt", "A.txt", "\uFB01.txt", "\U0001F600.txt", "b/" })
        {
            await store.PutAsync(key, [1]);
        }

        var listed = await store.FileSystem.ListAsync("/", default).Select(entry => (entry.IsDirectory ? "d:" : "f:") + entry.Name).ToListAsync();

        // "a-b.txt" < "a/" < "a0.txt" by bytes ('-' 0x2D, '/' 0x2F, '0' 0x30); U+FB01 before U+1F600 (UTF-8, not UTF-16).
        Assert.Equal(["f:A.txt", "f:a-b.txt", "d:a", "f:a0.txt", "d:b", "f:\uFB01.txt", "f:\U0001F600.txt"], listed);
    }

    [Fact]
    public async Task A_subfolder_shows_its_markers_time_or_without_a_marker_its_first_objects()
    {
        using var store = await StoreAsync();
        var fs = store.FileSystem;
        await fs.CreateDirectoryAsync("/made", default);
        var set = new DateTime(2003, 4, 5, 6, 7, 8, DateTimeKind.Utc);
        await fs.CreateDirectoryAsync("/timed", default);
        await fs.SetLastWriteTimeAsync("/timed", set, default);
        await store.PutAsync("bare/only.txt", [1]);
        var stored = Assert.Single((await store.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = store.Bucket, Prefix = store.Prefix + "bare/" })).S3Objects);

        var folders = await fs.ListAsync("/", default).Where(entry => entry.IsDirectory).ToDictionaryAsync(entry => entry.Name, entry => entry.LastWriteTimeUtc);

        Assert.InRange(folders["made"], DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow.AddMinutes(10));
        Assert.Equal(set, folders["timed"]);
        Assert.Equal(stored.LastModified!.Value.ToUniversalTime(), folders["bare"]);
        Assert.Equal(folders["bare"], (await fs.GetEntryAsync("/bare", default))!.LastWriteTimeUtc);
    }

    [Fact]
    public async Task Each_call_asks_the_store_only_what_it_needs()
    {
        // Issue 16's bench: every request is a round trip to the store, paid per file; docs/scaling.md's table of
        // requests per FTP command rests on these counts. STOR and MKD ask theirs at once; the parent folder the
        // store showed a moment ago (here: for the whole test) is not asked again.
        using var store = await StoreAsync(folderSeenTime: TimeSpan.FromHours(1));
        var fs = store.FileSystem;
        await fs.CreateDirectoryAsync("/d", default);
        store.TakeRequests();
        await fs.CreateDirectoryAsync("/d/e", default);
        Assert.Equal([nameof(GetObjectMetadataRequest), nameof(ListObjectsV2Request), nameof(PutObjectRequest)], Sorted(store.TakeRequests()));

        await UploadAsync(fs, "/d/f.bin", [1, 2, 3]);
        Assert.Equal([nameof(ListObjectsV2Request), nameof(PutObjectRequest)], store.TakeRequests());

        // MFMT right after this node's upload: the copy alone (on condition of the upload's ETag); later, HEAD + copy.
        var time = new DateTime(2003, 4, 5, 6, 7, 8, DateTimeKind.Utc);
        await fs.SetLastWriteTimeAsync("/d/f.bin", time, default);
        Assert.Equal([nameof(CopyObjectRequest)], store.TakeRequests());
        await fs.SetLastWriteTimeAsync("/d/f.bin", time, default);
        Assert.Equal([nameof(GetObjectMetadataRequest), nameof(CopyObjectRequest)], store.TakeRequests());

        // Asking every time (FolderSeenTime zero): the parent's listing too.
        using var asking = new S3FileSystem(store.Client, store.Options with { FolderSeenTime = TimeSpan.Zero }, ownsClient: false);
        await UploadAsync(asking, "/d/g.bin", [1, 2, 3]);
        Assert.Equal([nameof(ListObjectsV2Request), nameof(ListObjectsV2Request), nameof(PutObjectRequest)], Sorted(store.TakeRequests()));

        // A file: one HEAD. A folder: no file of that name, the first key under it, and its marker's time when that
        // key is the marker. Nothing there: the HEAD and the listing.
        Assert.Equal(3, (await fs.GetEntryAsync("/d/f.bin", default))!.Length);
        Assert.Equal([nameof(GetObjectMetadataRequest)], store.TakeRequests());
        await fs.CreateDirectoryAsync("/m", default);
        store.TakeRequests();
        Assert.True((await fs.GetEntryAsync("/m", default))!.IsDirectory);
        Assert.Equal([nameof(GetObjectMetadataRequest), nameof(ListObjectsV2Request), nameof(GetObjectMetadataRequest)], store.TakeRequests());
        await store.PutAsync("bare/x.bin", [1]);
        store.TakeRequests();
        Assert.True((await fs.GetEntryAsync("/bare", default))!.IsDirectory);
        Assert.Null(await fs.GetEntryAsync("/none", default));
        string[] twoAsks = [nameof(GetObjectMetadataRequest), nameof(ListObjectsV2Request)];
        Assert.Equal([.. twoAsks, .. twoAsks], store.TakeRequests());

        static List<string> Sorted(List<string> names) => [.. names.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Mfmt_keeps_the_time_as_object_metadata_and_leaves_the_bytes()
    {
        using var store = await StoreAsync();
        var content = TestData.Bytes(3000, 13);
        await store.PutAsync("t.bin", content);
        await store.FileSystem.CreateDirectoryAsync("/dir", default);
        var time = new DateTime(2001, 2, 3, 4, 5, 6, 789, DateTimeKind.Utc);

        await store.FileSystem.SetLastWriteTimeAsync("/t.bin", time, default);
        await store.FileSystem.SetLastWriteTimeAsync("/dir", time, default);

        var head = await store.Client.GetObjectMetadataAsync(store.Bucket, store.Prefix + "t.bin");
        Assert.Equal("981173106.789000000", head.Metadata["mtime"]);
        Assert.Equal(content, await store.GetAsync("t.bin"));
        Assert.Equal(time, (await store.FileSystem.GetEntryAsync("/t.bin", default))!.LastWriteTimeUtc);
        Assert.Equal(time, (await store.FileSystem.GetEntryAsync("/dir", default))!.LastWriteTimeUtc);
        Assert.Equal(FtpFileSystemError.NotFound, (await Assert.ThrowsAsync<FtpFileSystemException>(() => store.FileSystem.SetLastWriteTimeAsync("/none", time, default).AsTask())).Error);
    }

    [Fact]
    public async Task Mfmt_after_an_upload_that_another_node_replaced_sets_the_time_on_theirs_and_keeps_their_bytes()
    {
        using var store = await StoreAsync();
        var theirs = TestData.Bytes(500, 17);
        await UploadAsync(store.FileSystem, "/t.bin", TestData.Bytes(300, 18));
        await store.PutAsync("t.bin", theirs);
        store.TakeRequests();
        var time = new DateTime(2004, 5, 6, 7, 8, 9, DateTimeKind.Utc);

        await store.FileSystem.SetLastWriteTimeAsync("/t.bin", time, default);

        // A store that keeps the copy's condition (AWS, MinIO) refuses it, and the node asks and copies; Ceph 16's
        // gateway ignores x-amz-copy-source-if-match and copies what is there: their bytes either way, with the time.
        var asked = string.Join(",", store.TakeRequests());
        Assert.True(asked is "CopyObjectRequest" or "CopyObjectRequest,GetObjectMetadataRequest,CopyObjectRequest", asked);
        Assert.Equal(theirs, await store.GetAsync("t.bin"));
        var entry = (await store.FileSystem.GetEntryAsync("/t.bin", default))!;
        Assert.Equal((time, 500L), (entry.LastWriteTimeUtc, entry.Length));
    }

    [Fact]
    public async Task A_small_file_and_a_folder_marker_go_as_one_plain_put_signed_whole_without_waiting_for_100_continue()
    {
        // aws-chunked signing and Expect: 100-continue each cost the store and this server CPU and a round trip per
        // file; for a body already in memory they spare nothing (bench/results/2026-12-03-s3-cpu.md).
        var http = new RecordingHttpClientFactory();
        using var store = await StoreAsync(http: http);
        var content = TestData.Bytes(4096, 22);

        await UploadAsync(store.FileSystem, "/small.bin", content);
        await store.FileSystem.CreateDirectoryAsync("/folder", default);

        var puts = http.Sent.Where(request => request.Method == HttpMethod.Put).ToList();
        Assert.Equal(2, puts.Count);
        Assert.All(puts, put =>
        {
            Assert.False(put.ExpectContinue, put.Path);
            Assert.Matches("^[0-9a-f]{64}$", put.ContentSha256);
            Assert.Null(put.ContentEncoding);
        });
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), puts[0].ContentSha256);
        Assert.Equal(content, await store.GetAsync("small.bin"));
        Assert.Equal(["folder/", "small.bin"], (await store.KeysAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Mfmt_after_an_upload_another_node_replaced_on_a_store_that_keeps_the_copy_condition_asks_and_sets_the_time_on_theirs()
    {
        // AWS and MinIO refuse the conditional copy (412) once the object is no longer this node's upload; the node
        // then asks what is there (HEAD) and copies that, keeping its metadata, as for any file it did not just upload.
        var http = new CopyConditionRefusingHttpClientFactory();
        using var store = await StoreAsync(http: http);
        using var other = new S3FileSystem(store.Client, store.Options, ownsClient: false);
        var theirs = TestData.Bytes(500, 20);
        await UploadAsync(store.FileSystem, "/t.bin", TestData.Bytes(300, 21));
        await UploadAsync(other, "/t.bin", theirs);
        store.TakeRequests();
        var time = new DateTime(2005, 6, 7, 8, 9, 10, DateTimeKind.Utc);

        await store.FileSystem.SetLastWriteTimeAsync("/t.bin", time, default);

        Assert.Equal(1, http.Refused);
        Assert.Equal([nameof(CopyObjectRequest), nameof(GetObjectMetadataRequest), nameof(CopyObjectRequest)], store.TakeRequests());
        Assert.Equal(theirs, await store.GetAsync("t.bin"));
        var entry = (await other.GetEntryAsync("/t.bin", default))!;
        Assert.Equal((time, 500L), (entry.LastWriteTimeUtc, entry.Length));
    }

    [Fact]
    public async Task Mfmt_after_an_upload_that_another_node_deleted_is_not_found_and_makes_nothing()
    {
        using var store = await StoreAsync();
        await UploadAsync(store.FileSystem, "/gone.bin", TestData.Bytes(300, 19));
        await store.Client.DeleteObjectAsync(store.Bucket, store.Prefix + "gone.bin");

        var refused = await Assert.ThrowsAsync<FtpFileSystemException>(() => store.FileSystem.SetLastWriteTimeAsync("/gone.bin", DateTime.UtcNow, default).AsTask());

        Assert.Equal(FtpFileSystemError.NotFound, refused.Error);
        Assert.Empty(await store.KeysAsync());
    }

    [Fact]
    public async Task A_folder_another_node_removed_takes_uploads_only_within_the_seen_time_and_never_after_this_nodes_own_rmd()
    {
        using var store = await StoreAsync(folderSeenTime: TimeSpan.FromHours(1));
        using var asking = new S3FileSystem(store.Client, store.Options with { FolderSeenTime = TimeSpan.Zero }, ownsClient: false);
        await store.FileSystem.CreateDirectoryAsync("/x", default);
        Assert.True((await asking.GetEntryAsync("/x", default))!.IsDirectory);

        // Another node removes /x: the node that saw it a moment ago still takes an upload into it (the documented
        // window, docs/scaling.md); a node that asks refuses.
        await store.Client.DeleteObjectAsync(store.Bucket, store.Prefix + "x/");
        var refused = await Assert.ThrowsAsync<FtpFileSystemException>(() => UploadAsync(asking, "/x/a.bin", [1]));
        Assert.Equal(FtpFileSystemError.NotFound, refused.Error);
        await UploadAsync(store.FileSystem, "/x/b.bin", [2]);
        Assert.Equal(["x/b.bin"], await store.KeysAsync());

        // Its own RMD, or rename, of a folder it saw (and of those under it): asked again.
        await store.FileSystem.CreateDirectoryAsync("/v", default);
        await store.FileSystem.DeleteDirectoryAsync("/v", default);
        Assert.Equal(FtpFileSystemError.NotFound, (await Assert.ThrowsAsync<FtpFileSystemException>(() => UploadAsync(store.FileSystem, "/v/c.bin", [3]))).Error);
        await store.FileSystem.CreateDirectoryAsync("/y", default);
        await store.FileSystem.CreateDirectoryAsync("/y/z", default);
        await store.FileSystem.RenameAsync("/y", "/w", default);
        Assert.Equal(FtpFileSystemError.NotFound, (await Assert.ThrowsAsync<FtpFileSystemException>(() => UploadAsync(store.FileSystem, "/y/z/c.bin", [3]))).Error);
        Assert.Equal(["w/", "w/z/", "x/b.bin"], (await store.KeysAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_listing_left_after_its_first_entry_asks_for_no_further_page()
    {
        using var store = await StoreAsync();
        foreach (var chunk in Enumerable.Range(0, 1005).Chunk(32))
        {
            await Task.WhenAll(chunk.Select(i => store.PutAsync($"many/e{i:D4}", [1])));
        }

        store.TakeRequests();
        await foreach (var entry in store.FileSystem.ListAsync("/many", default))
        {
            Assert.Equal("e0000", entry.Name);
            break;
        }

        // Pages are asked for as they are read, none ahead (that bought nothing measurable: bench/results/2026-12-03-s3-requests.md).
        Assert.Equal([nameof(ListObjectsV2Request)], store.TakeRequests());
        Assert.Equal(1005, await store.FileSystem.ListAsync("/many", default).CountAsync());
    }

    [Fact]
    public async Task A_folder_rename_copies_each_object_then_deletes_and_a_larger_folder_is_refused()
    {
        using var store = await StoreAsync(maxFolderRenameObjects: 3);
        await store.PutAsync("a/1.txt", [1]);
        await store.PutAsync("a/sub/2.txt", [2]);
        await store.PutAsync("a/sub/3.txt", [3]);
        foreach (var i in Enumerable.Range(1, 4))
        {
            await store.PutAsync($"big/{i}.txt", [(byte)i]);
        }

        await store.FileSystem.RenameAsync("/a", "/b", default);
        var refused = await Assert.ThrowsAsync<FtpFileSystemException>(() => store.FileSystem.RenameAsync("/big", "/big2", default).AsTask());

        Assert.Equal(FtpFileSystemError.AccessDenied, refused.Error);
        Assert.Equal(["b/1.txt", "b/sub/2.txt", "b/sub/3.txt", "big/1.txt", "big/2.txt", "big/3.txt", "big/4.txt"], (await store.KeysAsync()).Order(StringComparer.Ordinal));
        Assert.Equal([3], await store.GetAsync("b/sub/3.txt"));
    }

    [Fact]
    public async Task An_upload_that_creates_its_file_does_not_replace_one_another_node_made_meanwhile()
    {
        using var store = await StoreAsync();
        var theirs = TestData.Bytes(100, 14);

        await using (var upload = await store.FileSystem.BeginUploadAsync("/race.bin", 0, append: true, default))
        {
            await store.PutAsync("race.bin", theirs);
            await upload.Stream.WriteAsync(TestData.Bytes(200, 15));
            var refused = await Assert.ThrowsAsync<FtpFileSystemException>(() => upload.CommitAsync(default).AsTask());
            Assert.Equal(FtpFileSystemError.AlreadyExists, refused.Error);
        }

        Assert.Equal(theirs, await store.GetAsync("race.bin"));
    }

    [Fact]
    public async Task The_start_up_clean_up_aborts_multipart_uploads_older_than_the_stale_age_only()
    {
        using var store = await StoreAsync();
        var key = store.Prefix + "killed.bin";
        var left = await store.Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = store.Bucket, Key = key });
        await store.Client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = store.Bucket, Key = key, UploadId = left.UploadId, PartNumber = 1, InputStream = new MemoryStream(TestData.Bytes(1000, 16)),
        });

        Assert.Equal(0, store.FileSystem.RemoveStaleUploads());
        Assert.Equal(["killed.bin"], await store.MultipartUploadsAsync());
        using var impatient = new S3FileSystem(store.Options with { StaleUploadAge = TimeSpan.Zero });
        Assert.Equal(1, impatient.RemoveStaleUploads());

        Assert.Empty(await store.MultipartUploadsAsync());
    }

    [Fact]
    public async Task The_stores_refusals_become_file_system_errors()
    {
        using var store = await StoreAsync();
        using var wrongKey = new S3FileSystem(store.Options with { SecretKey = "wrong" });
        using var noBucket = new S3FileSystem(store.Options with { BucketName = "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8] });

        Assert.Equal(FtpFileSystemError.AccessDenied, (await Assert.ThrowsAsync<FtpFileSystemException>(() => wrongKey.ListAsync("/", default).ToListAsync().AsTask())).Error);
        Assert.Equal(FtpFileSystemError.NotFound, (await Assert.ThrowsAsync<FtpFileSystemException>(() => noBucket.ListAsync("/", default).ToListAsync().AsTask())).Error);
        Assert.Equal(FtpFileSystemError.InvalidName, (await Assert.ThrowsAsync<FtpFileSystemException>(() => store.FileSystem.CreateDirectoryAsync("/" + new string('n', 1100), default).AsTask())).Error);
    }

    private Task<S3TestStore> StoreAsync(int partsInFlight = 2, int maxFolderRenameObjects = 10_000, Amazon.Runtime.HttpClientFactory? http = null, TimeSpan? folderSeenTime = null) =>
        S3TestStore.CreateAsync(gateway, GetType(), options => options with
        {
            PartSize = S3FileSystemOptions.MinimumPartSize,
            PartsInFlight = partsInFlight,
            MaxFolderRenameObjects = maxFolderRenameObjects,
            FolderSeenTime = folderSeenTime ?? options.FolderSeenTime,
        }, http);

    private static async Task UploadAsync(IFtpFileSystem fs, string path, byte[] content, bool append = false, long offset = 0)
    {
        await using var upload = await fs.BeginUploadAsync(path, offset, append, default);
        await upload.Stream.WriteAsync(content);
        await upload.CommitAsync(default);
    }

    private static async Task<byte[]> ReadAsync(IFtpFileSystem fs, string path, long offset)
    {
        await using var stream = await fs.OpenReadAsync(path, offset, default);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
