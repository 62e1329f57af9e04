using System.Management.Automation;
using FtpLite.Client;
using FtpLite.IO;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Downloads remote files and folders; a failed download never leaves a partial file behind.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "FtpLiteFile", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ReceiveFtpLiteFileCommand : FtpLiteClientCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private BatchProgress? _batch;

    /// <summary>Remote files to download; wildcards allowed in the last segment. Binds from Get-FtpLiteItem output.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    public string[] Path { get; set; } = [];

    /// <summary>Remote files to download, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>
    /// A local folder (an existing one, a path ending in a separator, or any path when files come from the
    /// pipeline or from a folder; created when missing), or the local file name for a single file. Defaults to
    /// the current folder.
    /// </summary>
    [Parameter(Position = 1)]
    public string? Destination { get; set; }

    /// <summary>Download remote folders with everything in them, keeping the layout.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Continue downloads that stopped part way instead of starting over.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Compare hashes with the server after each download; a mismatch is an error and nothing is kept.</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    /// <summary>Replace local files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Where a piped item sits below the folder that was listed (Get-FtpLiteItem -Recurse sets it).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? RelativePath { get; set; }

    /// <summary>Whether a piped item is a file or a directory.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public FtpItemType? ItemType { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() =>
        _batch = new BatchProgress("Receiving files", WriteProgress, record => Post(() => WriteProgress(record)));

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        // An item piped from Get-FtpLiteItem names one exact file: "a[1].txt" must not match "a1.txt".
        var literal = ParameterSetName == LiteralPathSet || ItemType is not null;
        var paths = ParameterSetName == LiteralPathSet ? LiteralPath : Path;
        foreach (var path in paths)
        {
            try
            {
                if (!literal && RemotePaths.HasWildcards(path))
                {
                    foreach (var match in Await(RemotePaths.ExpandAsync(session.Client, path, StopToken)))
                    {
                        ReceiveOne(session, match.FullName, match.Name, match.ItemType, fromListing: true);
                    }
                }
                else
                {
                    var fromPipeline = MyInvocation.ExpectingInput && RelativePath is not null;
                    ReceiveOne(session, path, fromPipeline ? RelativePath! : null, fromPipeline ? ItemType : null, fromListing: paths.Length > 1);
                }
            }
            catch (Exception ex) when (ex is FtpException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                WriteFailure(ex, path);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing() => _batch?.Complete();

    /// <param name="session">The session.</param>
    /// <param name="remote">The remote path.</param>
    /// <param name="relative">Where it goes below the destination folder, when it came from a listing.</param>
    /// <param name="type">Its type when known from a listing.</param>
    /// <param name="fromListing">Several items go to one destination, which is then always a folder.</param>
    private void ReceiveOne(FtpLiteSession session, string remote, string? relative, FtpItemType? type, bool fromListing)
    {
        var intoFolder = fromListing || relative is not null || MyInvocation.ExpectingInput || IsFolderDestination();
        var destination = DestinationRoot();
        if (type == FtpItemType.Directory)
        {
            if (Recurse)
            {
                ReceiveTree(session, remote, System.IO.Path.Combine(destination, LocalRelative(relative ?? FtpLite.Protocol.FtpPath.GetName(remote))));
            }
            else if (relative is not null)
            {
                // A folder in a listing that is being mirrored: recreate it, even when empty.
                CreateLocalFolder(System.IO.Path.Combine(destination, LocalRelative(relative)));
            }
            else
            {
                throw new FtpItemTypeException(remote, "is a directory; use -Recurse to download it with its contents");
            }

            return;
        }

        var local = intoFolder
            ? System.IO.Path.Combine(destination, LocalRelative(relative ?? LocalNames.ToLocalFileName(remote)))
            : destination;
        try
        {
            DownloadFile(session, remote, local);
        }
        catch (FtpItemTypeException) when (Recurse && type is null)
        {
            // The path named a directory: with -Recurse that means all of it. Like Copy-Item, into an existing
            // folder it goes below it; to a new path the new folder is the copy.
            ReceiveTree(session, remote, intoFolder ? System.IO.Path.Combine(destination, LocalNames.ToLocalFileName(remote)) : destination);
        }
    }

    private void ReceiveTree(FtpLiteSession session, string remote, string localRoot)
    {
        var tree = Await(session.Client.GetTreeAsync(remote, null, StopToken));
        _batch!.Total = (_batch.Total ?? 0) + tree.Count(i => !i.IsDirectory);
        CreateLocalFolder(localRoot);
        foreach (var item in tree)
        {
            var local = System.IO.Path.Combine(localRoot, LocalRelative(item.RelativePath));
            try
            {
                if (item.IsDirectory)
                {
                    CreateLocalFolder(local);
                }
                else
                {
                    DownloadFile(session, item.FullName, local);
                }
            }
            catch (Exception ex) when (ex is FtpException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                WriteFailure(ex, item.FullName);
            }
        }
    }

    private void DownloadFile(FtpLiteSession session, string remote, string local)
    {
        if (!ShouldProcess($"{remote} -> {local}", "Download"))
        {
            return;
        }

        var progress = _batch!.StartFile($"Downloading {FtpLite.Protocol.FtpPath.GetName(remote)}");
        try
        {
            // Created only now, past ShouldProcess: -WhatIf must leave the local disk as it was.
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(local)!);
            var options = new FtpTransferOptions { Overwrite = Force.IsPresent, Resume = Resume.IsPresent, Verify = Verify.IsPresent };
            var (file, result) = Await(session.Client.DownloadFileAsync(remote, local, options, progress, StopToken));
            if (Verify && result.Verification == FtpVerificationMethod.Size)
            {
                WriteWarning($"The server cannot hash files; '{remote}' was verified by its size only.");
            }

            if (result.ResumedFrom > 0)
            {
                WriteVerbose($"Resumed '{remote}' at byte {result.ResumedFrom}.");
            }

            _batch.FileDone(result.BytesTransferred);
            WriteObject(file);
        }
        finally
        {
            WriteProgress(progress.Completed());
        }
    }

    private void CreateLocalFolder(string path)
    {
        if (!Directory.Exists(path) && ShouldProcess(path, "Create folder"))
        {
            Directory.CreateDirectory(path);
        }
    }

    private bool IsFolderDestination() =>
        Destination is null
        || Destination.EndsWith('/') || Destination.EndsWith('\\')
        || Directory.Exists(DestinationRoot());

    private string DestinationRoot() => Destination is null
        ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
        : LocalPaths.ResolveDestination(SessionState, Destination);

    /// <summary>A remote relative path as a local one, each segment checked to be a plain file name.</summary>
    private static string LocalRelative(string relative) =>
        System.IO.Path.Combine([.. relative.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(LocalNames.ToLocalFileName)]);
}
