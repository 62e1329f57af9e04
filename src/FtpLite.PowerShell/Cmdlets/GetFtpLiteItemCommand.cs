using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists remote directories, or describes remote files, like Get-ChildItem.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FtpLiteItem", DefaultParameterSetName = ItemSet)]
[OutputType(typeof(FtpItem))]
public sealed class GetFtpLiteItemCommand : FtpLiteClientCmdlet
{
    /// <summary>Remote paths; the working directory when omitted. Wildcards allowed in the last segment.</summary>
    [Parameter(Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(RemotePatternCompleter))]
    public string[]? Path { get; set; }

    /// <summary>Remote paths taken exactly as written (for names with wildcard characters such as [ ]).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("LP")]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>
    /// A Get-FtpLiteItem item from the pipeline: a folder is listed, a file described; its path is taken exactly.
    /// Not mandatory, unlike in the other cmdlets: with no argument at all this (default) set lists the working directory.
    /// </summary>
    [Parameter(ParameterSetName = ItemSet, ValueFromPipeline = true, DontShow = true)]
    public FtpItem? InputObject { get; set; }

    /// <summary>Everything below the directory too; each item's RelativePath says where.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>With -Recurse, how many levels below the directory to go (0: only its entries).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? Depth { get; set; }

    /// <summary>Most entries a recursive listing may hold before it stops with FtpLite.TreeTooLarge; 1,000,000 by default.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MaxEntries { get; set; }

    private bool Deep => Recurse || Depth is not null;

    /// <inheritdoc />
    protected override void ProcessRecord() => ForEachRemoteItem(Path ?? ["."], LiteralPath, InputObject, (session, target) =>
    {
        // Every listing is read whole before any item goes down the pipeline, so the next cmdlet can use the
        // same control connection.
        IReadOnlyList<FtpItem> items = !target.Matched ? List(session, target.Path)
            : target.Listed is { IsDirectory: true } folder && Deep ? [folder, .. Below(session, folder)]
            : [target.Listed!];
        foreach (var item in items)
        {
            WriteObject(ItemDecorator.WithSession(item, session));
        }
    });

    private IReadOnlyList<FtpItem> List(FtpLiteSession session, string path) => Deep
        ? Await(session.Client.GetTreeAsync(path, Depth, MaxEntries ?? session.Client.Options.MaxListingEntries, StopToken))
        : Await(session.Client.GetChildItemsAsync(path, StopToken));

    /// <summary>The tree below a folder a pattern matched, each item's RelativePath starting with the folder's name.</summary>
    private IEnumerable<FtpItem> Below(FtpLiteSession session, FtpItem folder)
    {
        var tree = List(session, folder.FullName);
        foreach (var child in tree)
        {
            child.RelativePath = folder.Name + "/" + child.RelativePath;
        }

        return tree;
    }
}
