using System.Management.Automation;
using FtpLite.PowerShell.Internal;
using FtpLite.Protocol;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Renames or moves a remote file or directory (RNFR/RNTO).</para>
/// </summary>
[Cmdlet(VerbsCommon.Rename, "FtpLiteItem", SupportsShouldProcess = true, DefaultParameterSetName = ItemSet)]
[OutputType(typeof(FtpItem))]
public sealed class RenameFtpLiteItemCommand : FtpLiteClientCmdlet
{
    /// <summary>The item to rename; '\' separates as '/' does.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    public string Path { get; set; } = string.Empty;

    /// <summary>The item to rename, taken exactly as written ('\' and wildcard characters are part of the name); -NewName then too.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("LP")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>A Get-FtpLiteItem item from the pipeline; its path is taken exactly.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ItemSet, ValueFromPipeline = true, DontShow = true)]
    public FtpItem? InputObject { get; set; }

    /// <summary>The new name (in the same directory), or a path (with '/') to move the item to.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = string.Empty;

    /// <summary>Replace an item that already has the new name.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Output the renamed item.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => ForEachRemoteItem([Path], [LiteralPath], InputObject, (session, target) =>
    {
        var from = session.Client.GetFullPath(target.Path);
        var newName = RemotePaths.AsTyped(NewName, literal: ParameterSetName == LiteralPathSet);
        var to = newName.Contains('/', StringComparison.Ordinal)
            ? session.Client.GetFullPath(newName)
            : FtpPath.Combine(FtpPath.GetParent(from), newName);
        if (!ShouldProcess(ConsoleText.Escape($"{from} -> {to}"), "Rename"))
        {
            return;
        }

        if (!Force && Await(session.Client.GetItemAsync(to, StopToken)) is not null)
        {
            throw new FtpDestinationExistsException(to, isRemote: true);
        }

        Await(session.Client.RenameAsync(from, to, StopToken));
        if (PassThru && Await(session.Client.GetItemAsync(to, StopToken)) is { } item)
        {
            WriteObject(ItemDecorator.WithSession(item, session));
        }
    }, patterns: false);
}
