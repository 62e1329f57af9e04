using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using FtpLite.PowerShell.Cmdlets;

namespace FtpLite.Tests.Support;

/// <summary>A runspace with the FtpLite cmdlets imported, for running real pipelines in-process.</summary>
public sealed class HostedPowerShell : IDisposable
{
    private readonly Runspace _runspace;

    /// <param name="workingDirectory">The runspace's current location.</param>
    /// <param name="host">A host to write to directly (Host.UI), such as <see cref="RecordingHost"/>; none by default.</param>
    public HostedPowerShell(string? workingDirectory = null, PSHost? host = null)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(ConnectFtpLiteCommand).Assembly.Location);

        // The cmdlets come straight from the assembly; the type data (an item's Session) from the module folder.
        state.Formats.Add(new SessionStateFormatEntry(Path.Combine(ModuleFolder, "FtpLite.Format.ps1xml")));
        _runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();
        if (workingDirectory is not null)
        {
            Run("Set-Location -LiteralPath $args[0]", workingDirectory);
        }
    }

    private static string ModuleFolder { get; } = FindModuleFolder();

    public Collection<PSObject> Output { get; private set; } = [];

    public IReadOnlyList<ErrorRecord> Errors { get; private set; } = [];

    /// <summary>Runs a script; $args holds <paramref name="arguments"/>. Returns the output; errors land in <see cref="Errors"/>.</summary>
    public Collection<PSObject> Run(string script, params object?[] arguments)
    {
        using var shell = Create(script, arguments);
        Output = shell.Invoke();
        Errors = [.. shell.Streams.Error];
        return Output;
    }

    /// <summary>A pipeline on this runspace, for tests that start it asynchronously and stop it.</summary>
    public System.Management.Automation.PowerShell Create(string script, params object?[] arguments)
    {
        var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        foreach (var argument in arguments)
        {
            shell.AddArgument(argument);
        }

        return shell;
    }

    public void Dispose() => _runspace.Dispose();

    private static string FindModuleFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "module", "FtpLite.psd1");
            if (File.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate)!;
            }
        }

        throw new DirectoryNotFoundException("The repository's module folder was not found above the test binaries.");
    }
}
