using System.Diagnostics;

namespace FtpLite.Tests.Support;

/// <summary>
/// A real, tiny file system (a 1 MiB tmpfs) for disk-full tests. Mounting needs root; where it cannot be
/// mounted, <see cref="TryMount"/> returns null with the reason, and the test falls back to a simulated full
/// disk unless <see cref="RequiredVariable"/> is set (CI sets it, so CI always uses the real one).
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    /// <summary>Set (to anything) where the real disk must be used: a failed mount then fails the test.</summary>
    public const string RequiredVariable = "FTPLITE_REQUIRE_REAL_DISK";

    public string Path { get; }

    public static bool IsRequired => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RequiredVariable));

    public static SmallDisk? TryMount(out string whyNot)
    {
        if (!OperatingSystem.IsLinux())
        {
            whyNot = "tmpfs needs Linux";
            return null;
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ftplite-small-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        var (exitCode, error) = Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path);
        if (exitCode == 0)
        {
            whyNot = "";
            return new SmallDisk(path);
        }

        Directory.Delete(path);
        whyNot = $"mount -t tmpfs failed with exit code {exitCode}: {error.Trim()}";
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

    private static (int ExitCode, string Error) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit(10_000);
            return process.HasExited ? (process.ExitCode, error.Result) : (-1, "did not finish in 10 s");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
