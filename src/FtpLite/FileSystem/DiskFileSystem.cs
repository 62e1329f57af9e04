using FtpLite.IO;

namespace FtpLite.FileSystem;

/// <summary>
/// Serves a folder on disk. Paths never leave the root (see <see cref="Root"/>), uploads are written under
/// a hidden temporary name and renamed into place when complete, and readers share files with writers and
/// deleters so a DELE or an upload during a download does not break it.
/// </summary>
public sealed class DiskFileSystem : IFtpFileSystem, IFtpZeroCopyFileSystem, IFtpStaleUploadCleanup, IFtpLocalFolder
{
    private readonly RootJail _jail;
    private readonly PathLocks _appendLocks = new();

    /// <summary>Serves <paramref name="root"/>, which must exist.</summary>
    public DiskFileSystem(string root) => _jail = new RootJail(root);

    /// <summary>The real physical path of the served folder.</summary>
    public string Root => _jail.Root;

    /// <summary>
    /// Deletes the staged uploads a killed server left anywhere under the root; live ones (locked by their
    /// writer, in this process or another) stay. Returns how many were removed.
    /// </summary>
    public int RemoveStaleUploads() => StagedFile.RemoveStale(_jail.Root, recursive: true);

    /// <summary>The file itself: every stream <see cref="OpenReadAsync"/> returns is the open file.</summary>
    public FileStream? GetZeroCopySource(Stream opened) => opened as FileStream;

    /// <inheritdoc />
    public ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken) =>
        Run(path, () =>
        {
            var physical = _jail.Map(path);
            return Describe(FtpPathName(path), physical);
        });

    /// <summary>Folders with up to this many entries list sorted by name; larger ones in the directory's own order.</summary>
    public const int SortedListingLimit = 10_000;

    /// <inheritdoc />
    /// <remarks>
    /// Read as the directory is read. A folder of up to <see cref="SortedListingLimit"/> entries lists sorted by
    /// name (ordinal), as vsftpd, proftpd and pure-ftpd sort theirs and as people reading LIST expect; a larger one
    /// lists in the directory's own order (as <c>ls -f</c> does), so that it streams holding at most that many
    /// entries. Nothing in FTP promises an order, and clients that need one (sync tools, FtpLite's own) sort or
    /// index the entries themselves.
    /// </remarks>
    public IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken) =>
        SortedWhenSmall(Translated(directory, ReadDirectory(directory))).ToAsyncEnumerable();

    private IEnumerable<FtpFileSystemEntry> ReadDirectory(string directory)
    {
        var physical = _jail.Map(directory);
        if (!Directory.Exists(physical))
        {
            throw new FtpFileSystemException(File.Exists(physical) ? FtpFileSystemError.NotADirectory : FtpFileSystemError.NotFound, directory);
        }

        foreach (var info in new DirectoryInfo(physical).EnumerateFileSystemInfos())
        {
            if (info.LinkTarget is null)
            {
                if (RootJail.IsPlainName(info.Name))
                {
                    yield return ToEntry(info.Name, info);
                }
            }
            else if (_jail.IsServable(physical, info.Name) && Describe(info.Name, _jail.Map(JoinRemote(directory, info.Name))) is { } linked)
            {
                // A link is shown as what it points to, and only when that lies inside the root.
                yield return linked;
            }
        }
    }

    private static IEnumerable<FtpFileSystemEntry> SortedWhenSmall(IEnumerable<FtpFileSystemEntry> entries)
    {
        using var reader = entries.GetEnumerator();
        var held = new List<FtpFileSystemEntry>();
        while (held.Count <= SortedListingLimit && reader.MoveNext())
        {
            held.Add(reader.Current);
        }

        if (held.Count <= SortedListingLimit)
        {
            held.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        }

        for (var i = 0; i < held.Count; i++)
        {
            yield return held[i];
        }

        held.Clear();
        while (reader.MoveNext())
        {
            yield return reader.Current;
        }
    }

    /// <summary>Turns the OS errors of a lazily read directory into <see cref="FtpFileSystemException"/>s as they happen.</summary>
    private static IEnumerable<T> Translated<T>(string path, IEnumerable<T> source)
    {
        using var reader = source.GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = reader.MoveNext();
            }
            catch (Exception ex) when (DiskErrorTranslation.Translate(ex, path) is { } translated)
            {
                throw translated;
            }

            if (!more)
            {
                yield break;
            }

            yield return reader.Current;
        }
    }

    /// <inheritdoc />
    public ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken) =>
        Run<Stream>(path, () =>
        {
            var physical = _jail.Map(path);
            if (Directory.Exists(physical))
            {
                throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, path);
            }

            // Never a plain open(): a FIFO would hold this thread until someone writes to it.
            var stream = RegularFile.OpenRead(physical);
            if (offset > 0)
            {
                stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            }

            return stream;
        });

    /// <inheritdoc />
    public async ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken)
    {
        var physical = await Run(path, () =>
        {
            var target = _jail.Map(path);
            if (Directory.Exists(target))
            {
                throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, path);
            }

            if (!Directory.Exists(Path.GetDirectoryName(target)))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            if (!RegularFile.IsRegularOrMissing(target))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotARegularFile, path);
            }

            return target;
        }).ConfigureAwait(false);

        if (!append && offset == 0)
        {
            return await Run(path, () => new DiskUpload(StagedFile.Create(physical), path, null)).ConfigureAwait(false);
        }

        // Appends and resumes to one file run one at a time: two that both started from the old end would lose one.
        var hold = await _appendLocks.AcquireAsync(physical, cancellationToken).ConfigureAwait(false);
        StagedFile? staged = null;
        try
        {
            if (!File.Exists(physical))
            {
                return new DiskUpload(StagedFile.Create(physical), path, hold);
            }

            // An append (or a resume at the current end, the usual REST) writes in place after the existing bytes,
            // and is cut back to them if it fails: it costs only the new bytes, however large the file.
            var target = RegularFile.OpenWrite(physical);
            var length = target.Length;
            if (append || offset >= length)
            {
                return new InPlaceAppend(target, length, path, physical, _appendLocks, hold);
            }

            await target.DisposeAsync().ConfigureAwait(false);

            // REST inside the file replaces its tail: the kept part is copied so the old file stays whole until commit.
            staged = StagedFile.Create(physical);
            await using (var existing = RegularFile.OpenRead(physical))
            {
                await CopyPrefixAsync(existing, staged.Stream, offset, cancellationToken).ConfigureAwait(false);
            }

            return new DiskUpload(staged, path, hold);
        }
        catch (Exception ex)
        {
            if (staged is not null)
            {
                await staged.DisposeAsync().ConfigureAwait(false);
            }

            hold.Dispose();
            throw DiskErrorTranslation.Translate(ex, path) ?? ex.Rethrow();
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteFileAsync(string path, CancellationToken cancellationToken) =>
        Run(path, () =>
        {
            var physical = _jail.Map(path);
            if (Directory.Exists(physical))
            {
                throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, path);
            }

            if (!File.Exists(physical))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            File.Delete(physical);
            return true;
        }).AsNonGeneric();

    /// <inheritdoc />
    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken) =>
        Run(path, () =>
        {
            var physical = _jail.Map(path);
            if (Path.Exists(physical))
            {
                throw new FtpFileSystemException(FtpFileSystemError.AlreadyExists, path);
            }

            if (!Directory.Exists(Path.GetDirectoryName(physical)))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            Directory.CreateDirectory(physical);
            return true;
        }).AsNonGeneric();

    /// <inheritdoc />
    public ValueTask DeleteDirectoryAsync(string path, CancellationToken cancellationToken) =>
        Run(path, () =>
        {
            var physical = _jail.Map(path);
            if (physical == _jail.Root)
            {
                throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, path);
            }

            if (!Directory.Exists(physical))
            {
                throw new FtpFileSystemException(File.Exists(physical) ? FtpFileSystemError.NotADirectory : FtpFileSystemError.NotFound, path);
            }

            // Staged files nobody writes any more (a killed server's) are invisible to clients, so they must not
            // keep a folder that looks empty from being removed; a running upload's staged file does.
            if (Directory.EnumerateFileSystemEntries(physical).Any(entry => !StagedFile.IsStale(entry)))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotEmpty, path);
            }

            StagedFile.RemoveStale(physical, recursive: false);

            Directory.Delete(physical, recursive: false);
            return true;
        }).AsNonGeneric();

    /// <inheritdoc />
    public ValueTask RenameAsync(string path, string newPath, CancellationToken cancellationToken) =>
        Run(path, () =>
        {
            var from = _jail.Map(path);
            var to = _jail.Map(newPath);
            if (from == _jail.Root || to == _jail.Root)
            {
                throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, path);
            }

            if (!Directory.Exists(Path.GetDirectoryName(to)))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, newPath);
            }

            if (Directory.Exists(from))
            {
                if (Path.Exists(to))
                {
                    throw new FtpFileSystemException(FtpFileSystemError.AlreadyExists, newPath);
                }

                Directory.Move(from, to);
            }
            else if (File.Exists(from))
            {
                if (Directory.Exists(to))
                {
                    throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, newPath);
                }

                File.Move(from, to, overwrite: true);
            }
            else
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            return true;
        }).AsNonGeneric();

    /// <inheritdoc />
    /// <remarks>
    /// Files and folders alike, as pyftpdlib and proftpd do: a tree copier restores a folder's time after
    /// filling it. Special files (FIFOs, devices) are refused like every other write to them.
    /// </remarks>
    public ValueTask SetLastWriteTimeAsync(string path, DateTime lastWriteTimeUtc, CancellationToken cancellationToken) =>
        Run(path, () =>
        {
            var physical = _jail.Map(path);
            if (Directory.Exists(physical))
            {
                Directory.SetLastWriteTimeUtc(physical, lastWriteTimeUtc);
                return true;
            }

            if (!File.Exists(physical))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            if (!RegularFile.IsRegularOrMissing(physical))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotARegularFile, path);
            }

            File.SetLastWriteTimeUtc(physical, lastWriteTimeUtc);
            return true;
        }).AsNonGeneric();

    private static FtpFileSystemEntry? Describe(string name, string physical)
    {
        var directory = new DirectoryInfo(physical);
        if (directory.Exists)
        {
            return ToEntry(name, directory);
        }

        var file = new FileInfo(physical);
        return file.Exists ? ToEntry(name, file) : null;
    }

    private static FtpFileSystemEntry ToEntry(string name, FileSystemInfo info) => info switch
    {
        FileInfo file => new FtpFileSystemEntry(name, false, file.Length, file.LastWriteTimeUtc, ModeOf(file)),
        _ => new FtpFileSystemEntry(name, true, 0, info.LastWriteTimeUtc, ModeOf(info)),
    };

    private static int? ModeOf(FileSystemInfo info) => OperatingSystem.IsWindows() ? null : (int)info.UnixFileMode & 0x1FF;

    private static string FtpPathName(string path) => Protocol.FtpPath.GetName(path);

    private static string JoinRemote(string directory, string name) => directory.EndsWith('/') ? directory + name : directory + "/" + name;

    private static async Task CopyPrefixAsync(Stream source, Stream target, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(count, 1024 * 1024)];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            count -= read;
        }
    }

    /// <summary>Runs a synchronous disk operation and turns OS errors into <see cref="FtpFileSystemException"/>s.</summary>
    private static ValueTask<T> Run<T>(string path, Func<T> operation)
    {
        try
        {
            return ValueTask.FromResult(operation());
        }
        catch (Exception ex) when (DiskErrorTranslation.Translate(ex, path) is { } translated)
        {
            return ValueTask.FromException<T>(translated);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<T>(ex);
        }
    }

    /// <summary>
    /// A staged upload. Its commit keeps the replaced file aside until the upload is disposed, so it can be reverted;
    /// the append lock (held by a resume inside the file) is released at commit, as no more bytes are written.
    /// </summary>
    private sealed class DiskUpload(StagedFile staged, string path, IDisposable? hold) : IFtpUpload
    {
        private StagedCommit? _commit;

        public Stream Stream { get; } = new DiskUploadStream(staged.Stream, path);

        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            try
            {
                _commit = await staged.CommitRevertiblyAsync().ConfigureAwait(false);
                hold?.Dispose();
            }
            catch (Exception ex) when (DiskErrorTranslation.Translate(ex, path) is { } translated)
            {
                throw translated;
            }
        }

        public ValueTask<bool> RevertAsync(CancellationToken cancellationToken)
        {
            try
            {
                return ValueTask.FromResult(_commit?.Revert() ?? false);
            }
            catch (Exception ex) when (DiskErrorTranslation.Translate(ex, path) is { } translated)
            {
                return ValueTask.FromException<bool>(translated);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _commit?.Dispose();
            await staged.DisposeAsync().ConfigureAwait(false);
            hold?.Dispose();
        }
    }

    /// <summary>
    /// Bytes appended to the file itself. Until commit a failure (ABOR, a vanished client, a full disk) cuts the
    /// file back to its old length, so the old bytes are all that remain.
    /// </summary>
    private sealed class InPlaceAppend : IFtpUpload
    {
        private readonly FileStream _file;
        private readonly long _oldLength;
        private readonly string _path;
        private readonly string _physical;
        private readonly PathLocks _locks;
        private IDisposable? _hold;
        private long? _committedLength;

        public InPlaceAppend(FileStream file, long oldLength, string path, string physical, PathLocks locks, IDisposable hold)
        {
            _file = file;
            _oldLength = oldLength;
            _path = path;
            _physical = physical;
            _locks = locks;
            _hold = hold;
            file.Seek(oldLength, SeekOrigin.Begin);
            Stream = new DiskUploadStream(file, path);
        }

        public Stream Stream { get; }

        /// <summary>Flushes the bytes and lets the next append to the file start.</summary>
        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
                _committedLength = _file.Length;
                _hold?.Dispose();
                _hold = null;
            }
            catch (Exception ex) when (DiskErrorTranslation.Translate(ex, _path) is { } translated)
            {
                throw translated;
            }
        }

        /// <summary>
        /// Cuts the file back to its old length, under the append lock again, unless it has changed length since the
        /// commit (an append after this one: its bytes follow these, so these cannot be cut out).
        /// </summary>
        public async ValueTask<bool> RevertAsync(CancellationToken cancellationToken)
        {
            if (_committedLength is not { } committed)
            {
                return false;
            }

            _committedLength = null;
            using var hold = await _locks.AcquireAsync(_physical, cancellationToken).ConfigureAwait(false);
            if (_file.Length != committed)
            {
                return false;
            }

            _file.SetLength(_oldLength);
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_committedLength is null && _hold is not null)
                {
                    _file.SetLength(_oldLength);
                }
            }
            catch (IOException)
            {
                // Best effort: the file may have been deleted meanwhile.
            }
            finally
            {
                await _file.DisposeAsync().ConfigureAwait(false);
                _hold?.Dispose();
            }
        }
    }
}
