using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FtpLite.IO;

/// <summary>
/// Opens files the server serves, and only regular ones. .NET's own open() blocks for ever on a FIFO with no
/// writer (and opens devices with their side effects), so on Linux the file is opened with O_NONBLOCK, which
/// never waits, and its type is checked twice: by path before opening (no device is ever opened) and on the
/// open handle (a file swapped for a FIFO between the two checks is still refused). O_NONBLOCK changes nothing
/// for regular files. Elsewhere .NET's open is used: Windows has no FIFOs inside a folder tree.
/// </summary>
internal static class RegularFile
{
    private const int ONonBlock = 0x800;
    private const int ONoCtty = 0x100;
    private const int OCloExec = 0x80000;
    private const int OWrOnly = 0x1;
    private const int ATEmptyPath = 0x1000;
    private const int StatxType = 0x1;
    private const int StatxInode = 0x100;
    private const int StatxInodeOffset = 32;
    private const int StatxDeviceOffset = 136;
    private const int ATSymlinkNoFollow = 0x100;
    private const int StatxModeOffset = 28;
    private const int StatxSize = 256;
    private const int TypeMask = 0xF000;
    private const int TypeRegular = 0x8000;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int EWouldBlock = 11;

    /// <summary>True when O_NONBLOCK and statx are used (Linux on its common architectures).</summary>
    private static bool Native => OperatingSystem.IsLinux();

    /// <summary>Opens an existing regular file for reading (FileShare.ReadWrite | Delete semantics).</summary>
    /// <exception cref="NotARegularFileException">A FIFO, socket or device.</exception>
    public static FileStream OpenRead(string path) => Open(path, FileAccess.Read);

    /// <summary>Opens an existing regular file for writing, without truncating it.</summary>
    /// <exception cref="NotARegularFileException">A FIFO, socket or device.</exception>
    public static FileStream OpenWrite(string path) => Open(path, FileAccess.Write);

    /// <summary>True when nothing but a regular file (or nothing at all) is at <paramref name="path"/>; never opens it.</summary>
    public static bool IsRegularOrMissing(string path)
    {
        if (!Native)
        {
            return !Directory.Exists(path);
        }

        var mode = ModeOf(path);
        return mode is null || (mode & TypeMask) == TypeRegular;
    }

    /// <summary>
    /// True when another open handle holds an exclusive lock on the file (.NET takes one for FileShare.None,
    /// as <see cref="StagedFile"/> does): someone is still writing it. Never blocks.
    /// </summary>
    public static bool IsLockedByWriter(string path)
    {
        if (!Native)
        {
            try
            {
                using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                return false;
            }
            catch (IOException)
            {
                return true;
            }
        }

        using var handle = OpenHandle(path, FileAccess.Read);
        if (Flock(handle, LockExclusive | LockNonBlocking) == 0)
        {
            return false;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EWouldBlock ? true : throw new IOException(new Win32Exception(errno).Message, errno);
    }

    private static FileStream Open(string path, FileAccess access)
    {
        if (!Native)
        {
            return new FileStream(path, Shared(access));
        }

        // The checked handle is reopened through /proc: the same inode, now known to be a regular file, so this open
        // cannot block, and .NET marks the new handle asynchronous, as SendPacketsAsync (sendfile) demands.
        using var handle = OpenHandle(path, access);
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return new FileStream("/proc/self/fd/" + handle.DangerousGetHandle().ToString(CultureInfo.InvariantCulture), Shared(access));
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Readers share with writers and deleters, so a DELE or an upload during a download does not break it.</summary>
    private static FileStreamOptions Shared(FileAccess access) => new()
    {
        Mode = FileMode.Open,
        Access = access,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
        Options = FileOptions.Asynchronous | (access == FileAccess.Read ? FileOptions.SequentialScan : FileOptions.None),
    };

    private static SafeFileHandle OpenHandle(string path, FileAccess access)
    {
        if (ModeOf(path) is { } before && (before & TypeMask) != TypeRegular)
        {
            throw new NotARegularFileException(path);
        }

        var flags = ONonBlock | ONoCtty | OCloExec | (access == FileAccess.Read ? 0 : OWrOnly);
        var handle = OpenNative(path, flags, 0);
        if (handle.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw Failure(errno, path);
        }

        try
        {
            var mode = ModeOf(handle) ?? throw Failure(Marshal.GetLastPInvokeError(), path);
            if ((mode & TypeMask) != TypeRegular)
            {
                throw new NotARegularFileException(path);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Which file a name or handle leads to (device and inode, links not followed), so that a name can be checked
    /// to still hold the file put there; null when nothing is there or where statx is not used.
    /// </summary>
    public static (ulong Device, ulong Inode)? IdentityOf(string path) => Native ? Identity(-100, path, ATSymlinkNoFollow) : null;

    /// <inheritdoc cref="IdentityOf(string)"/>
    public static (ulong Device, ulong Inode)? IdentityOf(SafeFileHandle handle)
    {
        if (!Native)
        {
            return null;
        }

        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return Identity((int)handle.DangerousGetHandle(), string.Empty, ATEmptyPath);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static (ulong Device, ulong Inode)? Identity(int directory, string path, int flags)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(directory, path, flags, StatxInode, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return null;
        }

        var device = ((ulong)BitConverter.ToUInt32(buffer[StatxDeviceOffset..]) << 32) | BitConverter.ToUInt32(buffer[(StatxDeviceOffset + 4)..]);
        return (device, BitConverter.ToUInt64(buffer[StatxInodeOffset..]));
    }

    /// <summary>The st_mode of a path (following links), or null when nothing is there.</summary>
    private static int? ModeOf(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(-100, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 ? null : throw Failure(errno, path); // ENOENT, ENOTDIR
        }

        return BitConverter.ToUInt16(buffer[StatxModeOffset..]);
    }

    private static int? ModeOf(SafeFileHandle handle)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return Statx((int)handle.DangerousGetHandle(), string.Empty, ATEmptyPath, StatxType, ref MemoryMarshal.GetReference(buffer)) == 0
                ? BitConverter.ToUInt16(buffer[StatxModeOffset..])
                : null;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static Exception Failure(int errno, string path) => errno switch
    {
        2 or 20 => new FileNotFoundException("No such file.", path),
        13 or 1 => new UnauthorizedAccessException($"Access to '{path}' is denied."),
        21 => new UnauthorizedAccessException($"'{path}' is a directory."),
        _ => new IOException(new Win32Exception(errno).Message, errno),
    };

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern SafeFileHandle OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mask, ref byte buffer);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(SafeFileHandle handle, int operation);
}

/// <summary>A path names a FIFO, socket or device, which the server never opens or serves.</summary>
internal sealed class NotARegularFileException(string path) : IOException($"'{path}' is not a regular file.")
{
}
