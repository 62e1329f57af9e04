using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists a remote directory, or describes a remote file.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FtpLiteItem")]
[OutputType(typeof(FtpItem))]
public sealed class GetFtpLiteItemCommand : FtpLiteClientCmdlet
{
    /// <summary>Remote paths; the working directory when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string[]? Path { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        foreach (var path in Path ?? ["."])
        {
            IReadOnlyList<FtpItem> items;
            try
            {
                // The whole listing is read before any item goes down the pipeline, so the next cmdlet can
                // use the same control connection.
                items = Await(session.Client.GetChildItemsAsync(path, StopToken));
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
}
