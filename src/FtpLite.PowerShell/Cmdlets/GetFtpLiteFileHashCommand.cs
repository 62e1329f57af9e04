using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Gets the hash of remote files, computed by the server (HASH); shaped like Get-FileHash's output.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FtpLiteFileHash", DefaultParameterSetName = ItemSet)]
[OutputType(typeof(FtpFileHash))]
public sealed class GetFtpLiteFileHashCommand : FtpLiteClientCmdlet
{
    /// <summary>Remote files; wildcards allowed in the last segment.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(RemotePatternCompleter))]
    public string[] Path { get; set; } = [];

    /// <summary>Remote files, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("LP")]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>SHA256 (default), SHA1, MD5 or CRC32.</summary>
    [Parameter(Position = 1)]
    public FtpHashAlgorithm Algorithm { get; set; } = FtpHashAlgorithm.SHA256;

    /// <summary>A Get-FtpLiteItem item from the pipeline; its path is taken exactly.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ItemSet, ValueFromPipeline = true, DontShow = true)]
    public FtpItem? InputObject { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => ForEachRemoteItem(Path, LiteralPath, InputObject, (session, target) =>
    {
        // A pattern hashes the files it matches; a folder named exactly is an error from the server.
        if (target is not { Matched: true, Listed.IsDirectory: true })
        {
            WriteObject(Await(session.Client.GetHashAsync(target.Path, Algorithm, null, StopToken)));
        }
    });
}
