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

    private StagedFile(string targetPath, string temporaryPath, FileStream stream)
    {
        TargetPath = targetPath;
        TemporaryPath = temporaryPath;
        Stream = stream;
    }

    public string TargetPath { get; }

    public string TemporaryPath { get; }

    public FileStream Stream { get; }

    /// <summary>Creates the temporary file in the target's folder (same volume, so the rename is atomic).</summary>
    public static StagedFile Create(string targetPath, int bufferSize = 0)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(targetPath)) ?? throw new ArgumentException("The path has no folder.", nameof(targetPath));
        var temporaryPath = Path.Combine(directory, TemporaryPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".part");
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

    /// <summary>Flushes, closes and renames the file into place.</summary>
    /// <exception cref="IOException">The target exists and <paramref name="overwrite"/> is false.</exception>
    public async ValueTask CommitAsync(bool overwrite)
    {
        await Stream.FlushAsync().ConfigureAwait(false);
        await Stream.DisposeAsync().ConfigureAwait(false);
        File.Move(TemporaryPath, TargetPath, overwrite);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        DeleteTemporary();
    }

    public void Dispose()
    {
        Stream.Dispose();
        DeleteTemporary();
    }

    private void DeleteTemporary()
    {
        if (_committed)
        {
            return;
        }

        try
        {
            File.Delete(TemporaryPath);
        }
        catch (IOException)
        {
            // Best effort: the name is hidden and recognisable, and a later run can clean it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
