using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Deletes remote files and directories.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "FtpLiteItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ItemSet)]
[OutputType(typeof(void))]
public sealed class RemoveFtpLiteItemCommand : FtpLiteClientCmdlet
{
    /// <summary>Remote items to delete; wildcards allowed in the last segment. Binds from Get-FtpLiteItem output.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RemotePatternCompleter))]
    public string[] Path { get; set; } = [];

    /// <summary>Remote items to delete, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("LP")]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Delete directories with everything in them.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>A Get-FtpLiteItem item from the pipeline; its path is taken exactly.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ItemSet, ValueFromPipeline = true, DontShow = true)]
    public FtpItem? InputObject { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => ForEachRemoteItem(Path, LiteralPath, InputObject, (session, target) =>
    {
        // What the real run would refuse (nothing there, the root, a folder with entries without -Recurse) is an
        // error under -WhatIf too, never a promise.
        var fullPath = session.Client.GetFullPath(target.Path);
        var item = Await(session.Client.GetItemToDeleteAsync(fullPath, Recurse.IsPresent, StopToken));
        if (ShouldProcess(ConsoleText.Escape(item.FullName), item.IsDirectory ? (Recurse ? "Remove folder and everything in it" : "Remove empty folder") : "Remove file"))
        {
            Await(session.Client.DeleteItemAsync(fullPath, Recurse.IsPresent, StopToken));
            WriteVerbose($"Deleted {ConsoleText.Escape(fullPath)}.");
        }
    });
}
