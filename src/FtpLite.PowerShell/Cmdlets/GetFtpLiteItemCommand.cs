using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists remote directories, or describes remote files, like Get-ChildItem.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FtpLiteItem", DefaultParameterSetName = PathSet)]
[OutputType(typeof(FtpItem))]
public sealed class GetFtpLiteItemCommand : FtpLiteClientCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

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

    /// <summary>Set when a Get-FtpLiteItem item is piped in: its path is then taken literally.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public FtpItemType? ItemType { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        // An item piped from Get-FtpLiteItem names one exact path: "a[1].txt" must not match "a1.txt".
        var literal = ParameterSetName == LiteralPathSet || ItemType is not null;
        foreach (var path in RemotePaths.AsTyped(ParameterSetName == LiteralPathSet ? LiteralPath : Path ?? ["."], literal))
        {
            IReadOnlyList<FtpItem> items;
            try
            {
                // Every listing is read whole before any item goes down the pipeline, so the next cmdlet can
                // use the same control connection.
                items = !literal && RemotePaths.HasWildcards(path)
                    ? ExpandWildcards(session, path)
                    : Recurse || Depth is not null
                        ? Await(session.Client.GetTreeAsync(RemotePaths.Exact(path, literal), Depth, MaxEntries ?? session.Client.Options.MaxListingEntries, StopToken))
                        : Await(session.Client.GetChildItemsAsync(RemotePaths.Exact(path, literal), StopToken));
            }
            catch (FtpException ex)
            {
                WriteFailure(ex, path);
                continue;
            }

            foreach (var item in items)
            {
                WriteObject(ItemDecorator.WithSession(item, session));
            }
        }
    }

    private List<FtpItem> ExpandWildcards(FtpLiteSession session, string path)
    {
        var result = new List<FtpItem>();
        foreach (var match in Await(RemotePaths.ExpandAsync(session.Client, path, StopToken)))
        {
            result.Add(match);
            if (match.IsDirectory && (Recurse || Depth is not null))
            {
                foreach (var child in Await(session.Client.GetTreeAsync(match.FullName, Depth, MaxEntries ?? session.Client.Options.MaxListingEntries, StopToken)))
                {
                    child.RelativePath = match.Name + "/" + child.RelativePath;
                    result.Add(child);
                }
            }
        }

        return result;
    }
}
