using System.Management.Automation;
using FtpLite.Client;
using FtpLite.IO;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Downloads remote files and folders; a failed download never leaves a partial file behind.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "FtpLiteFile", SupportsShouldProcess = true, DefaultParameterSetName = ItemSet)]
[OutputType(typeof(FileInfo))]
public sealed class ReceiveFtpLiteFileCommand : FtpLiteTransferCmdlet
{
    private readonly HashSet<string> _createdFolders = new(StringComparer.Ordinal);
    private string? _destinationRoot;
    private LocalProviderItems? _providerItems;

    /// <summary>Remote files to download; wildcards allowed in the last segment. Binds from Get-FtpLiteItem output.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RemotePatternCompleter))]
    public string[] Path { get; set; } = [];

    /// <summary>Remote files to download, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("LP")]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>
    /// A local folder (an existing one, a path ending in a separator, or any path when files come from the
    /// pipeline or from a folder; created when missing), or the local file name for a single file. Defaults to
    /// the current folder.
    /// </summary>
    [Parameter(Position = 1)]
    public string? Destination { get; set; }

    /// <summary>
    /// A Get-FtpLiteItem item from the pipeline, bound whole (one binding instead of one per property: it
    /// matters for thousands of small files). Its path is taken literally, and what its listing said (size,
    /// time, place below the listed folder) saves asking the server again.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ItemSet, ValueFromPipeline = true, DontShow = true)]
    public FtpItem? InputObject { get; set; }

    /// <summary>
    /// Give each file the remote time to the second even when a LIST line described it (minutes at best): the
    /// server's MDTM is asked for it. Without it the listing's time is kept, as precise as the listing was.
    /// </summary>
    [Parameter]
    public SwitchParameter PreserveTime { get; set; }

    private protected override string BatchActivity => "Receiving files";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var several = Path.Length + LiteralPath.Length > 1;
        ForEachRemoteItem(Path, LiteralPath, InputObject, (session, target) =>
        {
            // A listed item (a pattern's match, or one piped in) already says what it is, and where it goes below
            // the destination folder: no need to ask the server again.
            var relative = target.Listed is not { } listed ? null : target.Matched ? listed.Name : listed.RelativePath;
            ReceiveOne(session, target.Path, relative, target.Listed, fromListing: several || target.Listed is not null);
        });
    }

    /// <param name="session">The session.</param>
    /// <param name="remote">The remote path.</param>
    /// <param name="relative">Where it goes below the destination folder, when it came from a listing.</param>
    /// <param name="listed">What a listing said of it, when it came from one.</param>
    /// <param name="fromListing">Several items go to one destination, which is then always a folder.</param>
    private void ReceiveOne(FtpLiteSession session, string remote, string? relative, FtpItem? listed, bool fromListing)
    {
        // Asked about first, before anything is created locally: a path that names nothing, or a folder
        // without -Recurse, must leave no destination folder behind.
        listed ??= Await(session.Client.GetItemAsync(remote, StopToken)) ?? throw new FtpItemNotFoundException(session.Client.GetFullPath(remote));
        var intoFolder = fromListing || relative is not null || MyInvocation.ExpectingInput || IsFolderDestination();
        var destination = DestinationRoot();
        if (listed.IsDirectory)
        {
            if (Recurse)
            {
                // Like Copy-Item: into an existing folder it goes below it; to a new path the new folder is the copy.
                ReceiveTree(session, remote, relative is not null
                    ? System.IO.Path.Combine(destination, LocalRelative(relative))
                    : intoFolder ? System.IO.Path.Combine(destination, LocalNames.ToLocalFileName(remote)) : destination);
            }
            else if (relative is not null)
            {
                // A folder in a listing that is being mirrored: recreate it, even when empty.
                CreateLocalFolder(System.IO.Path.Combine(destination, LocalRelative(relative)));
            }
            else
            {
                throw new FtpItemTypeException(listed.FullName, "is a folder; add -Recurse to download it with everything in it");
            }

            return;
        }

        var local = intoFolder
            ? System.IO.Path.Combine(destination, LocalRelative(relative ?? LocalNames.ToLocalFileName(remote)))
            : destination;

        // A listed file already says what it is: no need to ask the server again.
        DownloadFile(session, remote, local, listed);
    }

    private void ReceiveTree(FtpLiteSession session, string remote, string localRoot)
    {
        var tree = Await(session.Client.GetTreeAsync(remote, null, StopToken));
        Batch.Total = (Batch.Total ?? 0) + tree.Count(i => !i.IsDirectory);
        CreateLocalFolder(localRoot);
        foreach (var item in tree)
        {
            ForItem(item.FullName, () =>
            {
                var local = System.IO.Path.Combine(localRoot, LocalRelative(item.RelativePath));
                if (item.IsDirectory)
                {
                    CreateLocalFolder(local);
                }
                else
                {
                    DownloadFile(session, item.FullName, local, item);
                }
            });
        }
    }

    private void DownloadFile(FtpLiteSession session, string remote, string local, FtpItem? listed = null)
    {
        if (!ShouldProcess(ConsoleText.Escape($"{remote} -> {local}"), "Download"))
        {
            return;
        }

        // Created only now, past ShouldProcess: -WhatIf must leave the local disk as it was. Should this first
        // download into them fail, the folders it created go again.
        var folder = System.IO.Path.GetDirectoryName(local)!;
        var created = _createdFolders.Contains(folder) ? [] : LocalFolders.Create(folder);

        var options = TransferOptions with { PreserveTime = PreserveTime.IsPresent };
        if (ParallelFor(session) is { } parallel)
        {
            // Other connections share no working directory with this one: hand them absolute paths.
            var fullPath = session.Client.GetFullPath(remote);
            _createdFolders.Add(folder);
            parallel.Start((client, token) => listed is null
                ? client.DownloadFileAsync(fullPath, local, options, null, token)
                : client.DownloadFileAsync(listed, local, options, null, token),
                remote, downloaded => Downloaded(remote, downloaded.File, downloaded.Result, null));
            Drain(parallel, all: false);
            return;
        }

        var done = false;
        var progress = Batch.StartFile($"Downloading {FtpLite.Protocol.FtpPath.GetName(remote)}");
        try
        {
            var (file, result) = Await(listed is null
                ? session.Client.DownloadFileAsync(remote, local, options, progress, StopToken)
                : session.Client.DownloadFileAsync(listed, local, options, progress, StopToken));
            _createdFolders.Add(folder);
            Downloaded(remote, file, result, progress);
            done = true;
        }
        finally
        {
            if (!done)
            {
                LocalFolders.RemoveIfEmpty(created);
                Batch.FileFailed(progress);
            }
        }
    }

    private void Downloaded(string remote, FileInfo file, FtpTransferResult result, TransferProgressReporter? progress)
    {
        if (Verify && result.Verification == FtpVerificationMethod.Size)
        {
            WriteWarning($"The server cannot hash files; '{ConsoleText.Escape(remote)}' was verified by its size only.");
        }

        if (result.StartedOverBecause is { } why)
        {
            WriteWarning($"'{remote}' was transferred from the start instead of resumed: {why}.");
        }

        if (result.ResumedFrom > 0)
        {
            WriteVerbose($"Resumed '{ConsoleText.Escape(remote)}' at byte {result.ResumedFrom}.");
        }

        Batch.FileDone(result.BytesTransferred, progress);
        WriteObject(AsProviderItem(file));
    }

    /// <summary>
    /// The file as Get-Item outputs it: the FileSystem provider adds what its views show (PSPath, the Unix
    /// mode, user, group and size), which a bare FileInfo lacks, so it would list with blank columns.
    /// </summary>
    private object AsProviderItem(FileInfo file) => (_providerItems ??= new LocalProviderItems(InvokeProvider)).Get(file);

    private void CreateLocalFolder(string path)
    {
        if (!Directory.Exists(path) && ShouldProcess(ConsoleText.Escape(path), "Create folder"))
        {
            Directory.CreateDirectory(path);
        }
    }

    private bool IsFolderDestination() =>
        Destination is null
        || Destination.EndsWith('/') || Destination.EndsWith('\\')
        || Directory.Exists(DestinationRoot());

    /// <summary>The destination as a file-system path, resolved once per call (it is the same for every item).</summary>
    private string DestinationRoot() => _destinationRoot ??= Destination is null
        ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
        : LocalPaths.ResolveDestination(SessionState, Destination);

    /// <summary>A remote relative path as a local one, each segment checked to be a plain file name.</summary>
    private static string LocalRelative(string relative) => LocalNames.ToLocalRelativePath(relative);
}
