using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Deletes remote files and directories.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "FtpLiteItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveFtpLiteItemCommand : FtpLiteClientCmdlet
{
    /// <summary>Remote items to delete; binds from Get-FtpLiteItem output.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Delete directories with everything in them.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        foreach (var path in Path)
        {
            var fullPath = session.Client.GetFullPath(path);
            if (!ShouldProcess(fullPath, "Remove"))
            {
                continue;
            }

            try
            {
                Await(session.Client.DeleteItemAsync(fullPath, Recurse.IsPresent, StopToken));
                WriteVerbose($"Deleted {fullPath}.");
            }
            catch (FtpException ex)
            {
                WriteFailure(ex, path);
            }
        }
    }
}
