using System.Security.Cryptography;

namespace FtpLite.IO;

/// <summary>
/// A file written under a hidden temporary name beside its target and renamed over it only when
/// complete, so a failed or interrupted write never leaves a truncated file under the real name.
/// Disposing without <see cref="CommitAsync"/> deletes the temporary file.
/// </summary>
internal sealed class StagedFile : IAsyncDisposable, IDisposable
{
    /// <summary>Every staged file's name starts with this; servers hide such names from listings.</summary>
    public const string TemporaryPrefix = ".ftplite-";

    private bool _committed;
    private bool _closed;
    private string _lastKnownPath;

    private StagedFile(string targetPath, string temporaryPath, FileStream stream)
    {
        TargetPath = targetPath;
        TemporaryPath = temporaryPath;
        Stream = stream;
        _lastKnownPath = temporaryPath;
    }

    public string TargetPath { get; }

    public string TemporaryPath { get; }

    public FileStream Stream { get; }

    /// <summary>Creates the temporary file in the target's folder (same volume, so the rename is atomic).</summary>
    public static StagedFile Create(string targetPath, int bufferSize = 0)
    {
        var temporaryPath = TemporaryPathBeside(targetPath);
        var stream = new FileStream(temporaryPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = bufferSize,
            Options = FileOptions.Asynchronous,
        });
        return new StagedFile(targetPath, temporaryPath, stream);
    }

    /// <summary>True when a file or folder name is a staged file's temporary name.</summary>
    public static bool IsTemporaryName(string name) =>
        name.StartsWith(TemporaryPrefix, StringComparison.Ordinal) && name.EndsWith(".part", StringComparison.Ordinal);

    /// <summary>
    /// Removes staged files nobody is writing any more (left by a process that was killed) from a folder, and
    /// with <paramref name="recursive"/> from its subfolders (links are not followed). A staged file still open
    /// for writing, by this process or another, holds a lock and is left alone. Returns how many were removed.
    /// </summary>
    public static int RemoveStale(string directory, bool recursive)
    {
        var removed = 0;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = recursive,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            MatchType = MatchType.Simple,
        };
        foreach (var path in Directory.EnumerateFiles(directory, TemporaryPrefix + "*.part", options))
        {
            if (IsStale(path))
            {
                Delete(path);
                removed += File.Exists(path) ? 0 : 1;
            }
        }

        return removed;
    }

    /// <summary>True for a staged file's name that no writer holds open.</summary>
    public static bool IsStale(string path)
    {
        try
        {
            return IsTemporaryName(Path.GetFileName(path)) && !RegularFile.IsLockedByWriter(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not a regular file, or unreadable: not ours to delete.
            return false;
        }
    }

    /// <summary>Flushes, closes and renames the file into place, from wherever its folder has been moved meanwhile.</summary>
    /// <exception cref="IOException">The target exists and <paramref name="overwrite"/> is false.</exception>
    public async ValueTask CommitAsync(bool overwrite)
    {
        await Stream.FlushAsync().ConfigureAwait(false);
        var current = CurrentPath();
        await CloseAsync().ConfigureAwait(false);
        File.Move(current, TargetPath, overwrite);
        _committed = true;
    }

    /// <summary>
    /// Commits over any file at the target, holding that file open until the returned commit
    /// is confirmed or reverted (<see cref="StagedCommit"/>), so a commit can be taken back.
    /// </summary>
    public async ValueTask<StagedCommit> CommitRevertiblyAsync()
    {
        await Stream.FlushAsync().ConfigureAwait(false);
        var identity = RegularFile.IdentityOf(Stream.SafeFileHandle);
        var current = CurrentPath();
        await CloseAsync().ConfigureAwait(false);
        var commit = StagedCommit.Replace(current, TargetPath, identity);
        _committed = true;
        return commit;
    }

    /// <summary>A new hidden name in the folder of <paramref name="targetPath"/>.</summary>
    internal static string TemporaryPathBeside(string targetPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(targetPath)) ?? throw new ArgumentException("The path has no folder.", nameof(targetPath));
        return Path.Combine(directory, TemporaryPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".part");
    }

    public async ValueTask DisposeAsync()
    {
        var current = CurrentPath();
        await CloseAsync().ConfigureAwait(false);
        DeleteTemporary(current);
    }

    public void Dispose()
    {
        var current = CurrentPath();
        _closed = true;
        Stream.Dispose();
        DeleteTemporary(current);
    }

    private async ValueTask CloseAsync()
    {
        _closed = true;
        await Stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Where the file is now. A client may rename the folder of a running upload (RNFR /stage, RNTO /moved); the
    /// name given at creation then leads nowhere, so the file is found by its open handle (Linux: /proc/self/fd).
    /// Elsewhere an open file's folder cannot be renamed, and the creation name stays right.
    /// </summary>
    private string CurrentPath()
    {
        if (_closed || !OperatingSystem.IsLinux())
        {
            return _lastKnownPath;
        }

        try
        {
            var target = new FileInfo("/proc/self/fd/" + Stream.SafeFileHandle.DangerousGetHandle().ToString(System.Globalization.CultureInfo.InvariantCulture)).LinkTarget;
            if (target is not null && !target.EndsWith(" (deleted)", StringComparison.Ordinal))
            {
                _lastKnownPath = target;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
        }

        return _lastKnownPath;
    }

    private void DeleteTemporary(string current)
    {
        if (!_committed)
        {
            Delete(current);
        }
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the name is hidden and recognisable, and the next start (or an RMD) removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
