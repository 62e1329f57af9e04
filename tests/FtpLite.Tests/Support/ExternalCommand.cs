using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace FtpLite.Tests.Support;

/// <summary>What an external program did: its exit code and everything it wrote.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>A description fit for a test failure message.</summary>
    public string Describe() =>
        $"{CommandLine}{Environment.NewLine}exit code: {ExitCode}{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{StandardOutput}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{StandardError}";
}

/// <summary>Runs external programs (curl, lftp, python3) with a timeout, capturing their output.</summary>
public static class ExternalCommand
{
    /// <summary>How long a command may run unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs a program and returns what it did, whatever its exit code. The test fails when the program cannot
    /// be started (a missing peer is a failure, never a skip) or does not finish within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Names with non-ASCII letters travel as UTF-8 only when the peer's locale says so.
        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        startInfo.Environment["LANG"] = "C.UTF-8";
        startInfo.Environment["PYTHONIOENCODING"] = "utf-8";

        var commandLine = Quote(fileName) + " " + string.Join(' ', startInfo.ArgumentList.Select(Quote));
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"Could not start {commandLine}: {ex.Message}. The interop peers are installed by tests/peers/install.sh.");
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? DefaultTimeout;
        using (var deadline = new CancellationTokenSource(limit))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                var partial = new CommandResult(commandLine, -1, await stdout, await stderr);
                Assert.Fail($"The command did not finish within {limit.TotalSeconds:0} s:{Environment.NewLine}{partial.Describe()}");
            }
        }

        return new CommandResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a program and fails the test, with its output, unless it exits with status 0.</summary>
    public static async Task<CommandResult> RunCheckedAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var result = await RunAsync(fileName, arguments, timeout, workingDirectory);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"The command failed:{Environment.NewLine}{result.Describe()}");
        }

        return result;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@,%+".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
