using System.Management.Automation;
using FtpLite.Client;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Uploads local files to the FTP server.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Send, "FtpLiteFile", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FtpItem))]
public sealed class SendFtpLiteFileCommand : FtpLiteClientCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Local files to upload; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Local files to upload, taken exactly as written (Get-ChildItem output binds here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>
    /// The remote file name, or a remote directory (an existing one, or a path ending in '/'). Defaults to the
    /// working directory. With several files or pipeline input it is always a directory.
    /// </summary>
    [Parameter(Position = 1)]
    public string? Destination { get; set; }

    /// <summary>Replace remote files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        var literal = ParameterSetName == LiteralPathSet;
        var files = LocalPaths.Resolve(SessionState, literal ? LiteralPath : Path, literal, WriteError);
        var destination = Destination;
        if (destination is not null && !destination.EndsWith('/') && (MyInvocation.ExpectingInput || files.Count > 1))
        {
            destination += "/";
        }

        foreach (var file in files)
        {
            if (Directory.Exists(file))
            {
                WriteError(FtpLiteErrors.Create("FtpLite.LocalItemIsDirectory", ErrorCategory.InvalidArgument,
                    $"'{file}' is a directory; Send-FtpLiteFile uploads files.", file));
                continue;
            }

            var target = destination ?? System.IO.Path.GetFileName(file);
            if (!ShouldProcess($"{file} -> {target}", "Upload"))
            {
                continue;
            }

            var progress = new TransferProgressReporter($"Uploading {System.IO.Path.GetFileName(file)}", 1, record => Post(() => WriteProgress(record)));
            try
            {
                var (item, _) = Await(session.Client.UploadFileAsync(file, destination, new FtpTransferOptions { Overwrite = Force.IsPresent }, progress, StopToken));
                WriteProgress(progress.Completed());
                WriteObject(ItemDecorator.WithSession(item, session));
            }
            catch (Exception ex) when (ex is FtpException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                WriteProgress(progress.Completed());
                WriteFailure(ex, file);
            }
        }
    }
}
