using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Gets the hash of remote files, computed by the server (HASH); shaped like Get-FileHash's output.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FtpLiteFileHash", DefaultParameterSetName = "Path")]
[OutputType(typeof(FtpFileHash))]
public sealed class GetFtpLiteFileHashCommand : FtpLiteClientCmdlet
{
    /// <summary>Remote files; wildcards allowed in the last segment.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(RemotePatternCompleter))]
    public string[] Path { get; set; } = [];

    /// <summary>Remote files, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "LiteralPath")]
    [Alias("LP")]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>SHA256 (default), SHA1, MD5 or CRC32.</summary>
    [Parameter(Position = 1)]
    public FtpHashAlgorithm Algorithm { get; set; } = FtpHashAlgorithm.SHA256;

    /// <summary>Set when a Get-FtpLiteItem item is piped in: its path is then taken literally.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public FtpItemType? ItemType { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        // An item piped from Get-FtpLiteItem names one exact path: "a[1].txt" must not match "a1.txt".
        var literal = ParameterSetName == "LiteralPath" || ItemType is not null;
        foreach (var path in RemotePaths.AsTyped(ParameterSetName == "LiteralPath" ? LiteralPath : Path, literal))
        {
            try
            {
                IEnumerable<string> files = !literal && RemotePaths.HasWildcards(path)
                    ? Await(RemotePaths.ExpandAsync(session.Client, path, StopToken)).Where(i => !i.IsDirectory).Select(i => i.FullName)
                    : [RemotePaths.Exact(path, literal)];
                foreach (var file in files)
                {
                    WriteObject(Await(session.Client.GetHashAsync(file, Algorithm, null, StopToken)));
                }
            }
            catch (FtpException ex)
            {
                WriteFailure(ex, path);
            }
        }
    }
}
