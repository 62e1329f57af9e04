using System.Diagnostics;
using System.Text;

namespace FtpLite.Tests.Support;

/// <summary>
/// The long-running programs the tests start (peer FTP servers, HAProxy): output collected as it comes, the whole
/// process tree killed at the end (vsftpd forks a process per session).
/// </summary>
internal static class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="info"/> with standard output and error collected into <paramref name="output"/> (and
    /// standard input closed when the caller redirected it); fails the test naming <paramref name="what"/> and the
    /// fix when the program cannot be started.
    /// </summary>
    public static Process Start(ProcessStartInfo info, StringBuilder output, string what)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            Assert.Fail($"Could not start {what}: {ex.Message}");
        }

        if (info.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the process and everything it started; nothing when it has already exited.</summary>
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>Kills the process tree, waits up to 10 s for it to be reaped, and disposes of it.</summary>
    public static async Task StopAsync(Process process)
    {
        Kill(process);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed but not reaped in time; the caller's folders are removed anyway.
            }
        }

        process.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
