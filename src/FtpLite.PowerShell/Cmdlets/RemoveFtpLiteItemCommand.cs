using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Deletes remote files and directories.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "FtpLiteItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(void))]
public sealed class RemoveFtpLiteItemCommand : FtpLiteClientCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

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

    /// <summary>Set when a Get-FtpLiteItem item is piped in: its path is then taken literally.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public FtpItemType? ItemType { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        // An item piped from Get-FtpLiteItem names one exact path: "a[1].txt" must not match "a1.txt".
        var literal = ParameterSetName == LiteralPathSet || ItemType is not null;
        foreach (var path in RemotePaths.AsTyped(ParameterSetName == LiteralPathSet ? LiteralPath : Path, literal))
        {
            try
            {
                IEnumerable<string> targets = !literal && RemotePaths.HasWildcards(path)
                    ? Await(RemotePaths.ExpandAsync(session.Client, path, StopToken)).Select(item => item.FullName)
                    : [session.Client.GetFullPath(RemotePaths.Exact(path, literal))];
                foreach (var target in targets)
                {
                    // What the real run would refuse (nothing there, the root, a folder with entries without
                    // -Recurse) is an error under -WhatIf too, never a promise.
                    var item = Await(session.Client.GetItemToDeleteAsync(target, Recurse.IsPresent, StopToken));
                    if (ShouldProcess(ConsoleText.Escape(item.FullName), item.IsDirectory ? (Recurse ? "Remove folder and everything in it" : "Remove empty folder") : "Remove file"))
                    {
                        Await(session.Client.DeleteItemAsync(target, Recurse.IsPresent, StopToken));
                        WriteVerbose($"Deleted {ConsoleText.Escape(target)}.");
                    }
                }
            }
            catch (FtpException ex)
            {
                WriteFailure(ex, path);
            }
        }
    }
}
