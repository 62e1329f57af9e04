using FtpLite.FileSystem;
using FtpLite.Protocol;

namespace FtpLite.Tests.Support;

/// <summary>
/// A second storage backend, held in memory, that proves the server asks nothing of a file system beyond
/// <see cref="IFtpFileSystem"/>: no disk, no FileStream, no OS errors, so no sendfile and no start-up clean-up.
/// It keeps the contract's promises its own way: an upload is invisible until committed (its bytes wait in a
/// private buffer), appends and resumes are applied to the file as it is at commit, so two of them never lose
/// one, and a <c>capacity</c> makes it answer InsufficientStorage as a full disk does.
/// </summary>
/// <remarks>Test support rather than product: serving files from memory is useful to nobody but a test.</remarks>
public sealed class MemoryFileSystem(long capacity = long.MaxValue) : IFtpFileSystem
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal) { [FtpPath.Root] = Node.Directory() };
    private long _used;

    /// <summary>Stores a file directly (the parent must exist), as a test's setup does.</summary>
    public void WriteFile(string path, byte[] content)
    {
        lock (_gate)
        {
            RequireParentDirectory(path);
            Reserve(content.Length, path);
            Release(_nodes.TryGetValue(path, out var old) ? old.Content.Length : 0);
            _nodes[path] = Node.File(content);
        }
    }

    /// <summary>The committed content of a file; null when there is none.</summary>
    public byte[]? ReadFile(string path)
    {
        lock (_gate)
        {
            return _nodes.TryGetValue(path, out var node) && !node.IsDirectory ? node.Content : null;
        }
    }

    public ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_nodes.TryGetValue(path, out var node) ? ToEntry(FtpPath.GetName(path), node) : null);
        }
    }

    /// <summary>A snapshot of the folder taken at the first read, then given out one entry at a time.</summary>
    public IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken) => Snapshot(directory).ToAsyncEnumerable();

    private IEnumerable<FtpFileSystemEntry> Snapshot(string directory)
    {
        List<FtpFileSystemEntry> entries;
        lock (_gate)
        {
            RequireDirectory(directory);
            entries = [.. _nodes
                .Where(pair => pair.Key != FtpPath.Root && FtpPath.GetParent(pair.Key) == directory)
                .Select(pair => ToEntry(FtpPath.GetName(pair.Key), pair.Value))
                .OrderBy(entry => entry.Name, StringComparer.Ordinal)];
        }

        foreach (var entry in entries)
        {
            yield return entry;
        }
    }

    public ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var content = RequireFile(path).Content;

            // The array is never changed once stored (a commit stores a new one), so a download reads one version.
            Stream stream = new MemoryStream(content, writable: false) { Position = Math.Min(offset, content.Length) };
            return ValueTask.FromResult(stream);
        }
    }

    public ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ValidateName(path);
            RequireParentDirectory(path);
            if (_nodes.TryGetValue(path, out var existing) && existing.IsDirectory)
            {
                throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, path);
            }

            return ValueTask.FromResult<IFtpUpload>(new MemoryUpload(this, path, append ? null : offset));
        }
    }

    public ValueTask DeleteFileAsync(string path, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Release(RequireFile(path).Content.Length);
            _nodes.Remove(path);
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ValidateName(path);
            if (_nodes.ContainsKey(path))
            {
                throw new FtpFileSystemException(FtpFileSystemError.AlreadyExists, path);
            }

            RequireParentDirectory(path);
            _nodes[path] = Node.Directory();
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask DeleteDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (path == FtpPath.Root)
            {
                throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, path);
            }

            RequireDirectory(path);
            if (_nodes.Keys.Any(key => key != FtpPath.Root && FtpPath.GetParent(key) == path))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotEmpty, path);
            }

            _nodes.Remove(path);
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask RenameAsync(string path, string newPath, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (path == FtpPath.Root || newPath == FtpPath.Root || IsBelow(newPath, path))
            {
                throw new FtpFileSystemException(FtpFileSystemError.AccessDenied, path);
            }

            ValidateName(newPath);
            RequireParentDirectory(newPath);
            if (!_nodes.TryGetValue(path, out var moving))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            _nodes.TryGetValue(newPath, out var replaced);
            if (moving.IsDirectory && replaced is not null)
            {
                throw new FtpFileSystemException(FtpFileSystemError.AlreadyExists, newPath);
            }

            if (replaced is { IsDirectory: true })
            {
                throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, newPath);
            }

            Release(replaced?.Content.Length ?? 0);
            foreach (var key in _nodes.Keys.Where(key => key == path || IsBelow(key, path)).ToList())
            {
                var node = _nodes[key];
                _nodes.Remove(key);
                _nodes[newPath + key[path.Length..]] = node;
            }

            return ValueTask.CompletedTask;
        }
    }

    public ValueTask SetLastWriteTimeAsync(string path, DateTime lastWriteTimeUtc, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_nodes.TryGetValue(path, out var node))
            {
                throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
            }

            _nodes[path] = node with { LastWriteTimeUtc = lastWriteTimeUtc };
            return ValueTask.CompletedTask;
        }
    }

    private static bool IsBelow(string path, string directory) => path.StartsWith(directory + "/", StringComparison.Ordinal);

    private static FtpFileSystemEntry ToEntry(string name, Node node) =>
        new(name, node.IsDirectory, node.Content.Length, node.LastWriteTimeUtc);

    /// <summary>The names the disk refuses (its OS would), refused here too, so both answer a client alike.</summary>
    private static void ValidateName(string path)
    {
        var name = FtpPath.GetName(path);
        if (name.Contains('\\', StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            throw new FtpFileSystemException(FtpFileSystemError.InvalidName, path);
        }
    }

    private Node RequireFile(string path)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
        }

        return node.IsDirectory ? throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, path) : node;
    }

    private void RequireDirectory(string path)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
        }

        if (!node.IsDirectory)
        {
            throw new FtpFileSystemException(FtpFileSystemError.NotADirectory, path);
        }
    }

    private void RequireParentDirectory(string path)
    {
        if (!_nodes.TryGetValue(FtpPath.GetParent(path), out var parent) || !parent.IsDirectory)
        {
            throw new FtpFileSystemException(FtpFileSystemError.NotFound, path);
        }
    }

    private void Reserve(long bytes, string path)
    {
        lock (_gate)
        {
            if (bytes > capacity - _used)
            {
                throw new FtpFileSystemException(FtpFileSystemError.InsufficientStorage, path);
            }

            _used += bytes;
        }
    }

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _used -= bytes;
        }
    }

    /// <summary>Stores an upload's bytes; <paramref name="keep"/> is how much of the old file precedes them (null: all of it).</summary>
    private void Commit(string path, long? keep, byte[] received)
    {
        lock (_gate)
        {
            RequireParentDirectory(path);
            _nodes.TryGetValue(path, out var old);
            if (old is { IsDirectory: true })
            {
                throw new FtpFileSystemException(FtpFileSystemError.IsADirectory, path);
            }

            var oldContent = old?.Content ?? [];
            var kept = (int)Math.Min(keep ?? oldContent.Length, oldContent.Length);
            var content = new byte[kept + received.Length];
            oldContent.AsSpan(0, kept).CopyTo(content);
            received.CopyTo(content, kept);

            // The received bytes were reserved as they came; of the old file only the kept prefix still counts.
            Release(oldContent.Length - kept);
            _nodes[path] = Node.File(content);
        }
    }

    private sealed record Node(bool IsDirectory, byte[] Content, DateTime LastWriteTimeUtc)
    {
        public static Node Directory() => new(true, [], DateTime.UtcNow);

        public static Node File(byte[] content) => new(false, content, DateTime.UtcNow);
    }

    /// <summary>An upload's bytes, private until commit; what they hold is counted against the capacity.</summary>
    private sealed class MemoryUpload(MemoryFileSystem owner, string path, long? keep) : IFtpUpload
    {
        private readonly UploadStream _stream = new(owner, path);
        private bool _committed;

        public Stream Stream => _stream;

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            owner.Commit(path, keep, _stream.Received.ToArray());
            _committed = true;
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                owner.Release(_stream.Received.Length);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class UploadStream(MemoryFileSystem owner, string path) : Stream
    {
        public MemoryStream Received { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Received.Length;

        public override long Position { get => Received.Length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            owner.Reserve(count, path);
            Received.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            owner.Reserve(buffer.Length, path);
            Received.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
