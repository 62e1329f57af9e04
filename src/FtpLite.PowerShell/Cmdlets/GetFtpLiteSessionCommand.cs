using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists the FtpLite sessions of this runspace; the default one is marked.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FtpLiteSession", DefaultParameterSetName = "Name")]
[OutputType(typeof(FtpLiteSession))]
public sealed class GetFtpLiteSessionCommand : FtpLiteCmdlet
{
    /// <summary>Session names; wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = "Name")]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>Session ids.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Id")]
    public int[] Id { get; set; } = [];

    /// <summary>Only the default session (the one cmdlets use without -Session).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Default")]
    public SwitchParameter Default { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (Default)
        {
            if (SessionStore.Default is { } current)
            {
                WriteObject(current);
            }

            return;
        }

        var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        foreach (var session in SessionStore.All)
        {
            var wanted = ParameterSetName == "Id"
                ? Id.Contains(session.Id)
                : patterns is null || patterns.Any(p => p.IsMatch(session.Name));
            if (wanted)
            {
                WriteObject(session);
            }
        }
    }
}
