using Microsoft.Win32.SafeHandles;

namespace FtpLite.IO;

/// <summary>
/// A staged file renamed over its target, holding the file it replaced open (no second name, so nothing shows on
/// disk and nothing is left behind if the process dies) until the commit is confirmed (<see cref="Dispose"/>
/// closes it, and the kernel frees it) or reverted: the old bytes are copied back under a staged name and renamed
/// over the target, with their permissions and modification time. A revert costs a copy of the old file, but only a
/// client that vanished pays for it. It takes back only what this commit put there: when another commit, a rename
/// or a delete has changed the name since, the name is left as it is. Commits and reverts in this process take a
/// lock per target, so none slips between a revert's check and its rename; another process writing the same name
/// can. Where statx is missing (not Linux) the commit is a plain rename and cannot be reverted.
/// </summary>
internal sealed class StagedCommit : IDisposable
{
    private static readonly object[] Stripes = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();

    private readonly string _target;
    private readonly (ulong Device, ulong Inode)? _committed;
    private FileStream? _previous;
    private bool _settled;

    private StagedCommit(string target, FileStream? previous, (ulong Device, ulong Inode)? committed)
    {
        _target = target;
        _previous = previous;
        _committed = committed;
    }

    /// <summary>Renames <paramref name="staged"/> (the file <paramref name="identity"/> names) over <paramref name="target"/>.</summary>
    public static StagedCommit Replace(string staged, string target, (ulong Device, ulong Inode)? identity)
    {
        lock (StripeOf(target))
        {
            FileStream? previous = null;
            if (identity is not null && RegularFile.IdentityOf(target) is not null)
            {
                try
                {
                    previous = RegularFile.OpenRead(target);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Unreadable or not a regular file: replaced as before, but not revertible.
                    identity = null;
                }
            }

            try
            {
                File.Move(staged, target, overwrite: true);
            }
            catch
            {
                previous?.Dispose();
                throw;
            }

            return new StagedCommit(target, previous, identity);
        }
    }

    /// <summary>
    /// Puts back what the target held before the commit (or removes the target when it held nothing), if the target
    /// still holds the committed file. Returns true when it did.
    /// </summary>
    public bool Revert()
    {
        if (_settled || _committed is null)
        {
            return false;
        }

        _settled = true;
        var copy = _previous is null ? null : CopyBack(_previous, _target);
        try
        {
            lock (StripeOf(_target))
            {
                if (RegularFile.IdentityOf(_target) != _committed)
                {
                    return false;
                }

                if (copy is null)
                {
                    File.Delete(_target);
                }
                else
                {
                    File.Move(copy, _target, overwrite: true);
                    copy = null;
                }

                return true;
            }
        }
        finally
        {
            Delete(copy);
            Dispose();
        }
    }

    /// <summary>Confirms the commit (or ends a revert): the replaced file is let go.</summary>
    public void Dispose()
    {
        _settled = true;
        _previous?.Dispose();
        _previous = null;
    }

    /// <summary>The old bytes under a new hidden name beside the target, with the old permissions and time.</summary>
    private static string CopyBack(FileStream previous, string target)
    {
        var path = StagedFile.TemporaryPathBeside(target);
        try
        {
            using (var copy = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                previous.Position = 0;
                previous.CopyTo(copy);
            }

            SafeFileHandle handle = previous.SafeFileHandle;
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(handle));
            }

            File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(handle));
            return path;
        }
        catch
        {
            Delete(path);
            throw;
        }
    }

    private static object StripeOf(string target) => Stripes[(StringComparer.Ordinal.GetHashCode(target) & int.MaxValue) % Stripes.Length];

    private static void Delete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the name is hidden and recognisable, and the next start removes it.
        }
    }
}
