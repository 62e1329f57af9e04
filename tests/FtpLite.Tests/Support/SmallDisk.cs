using System.Diagnostics;

namespace FtpLite.Tests.Support;

/// <summary>
/// A real, tiny file system (a 1 MiB tmpfs) for disk-full tests. Mounting needs root; where it cannot be
/// mounted, <see cref="TryMount"/> returns null and the test falls back to a simulated full disk.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk? TryMount()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ftplite-small-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        if (Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path) == 0)
        {
            return new SmallDisk(path);
        }

        Directory.Delete(path);
        return null;
    }

    public void Dispose()
    {
        Run("umount", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit(10_000);
            return process.HasExited ? process.ExitCode : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
