using System.Collections.Concurrent;
using System.Management.Automation;
using FtpLite.Client;
using FtpLite.PowerShell.Internal;
using FtpLite.Protocol;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Uploads local files and folders to the FTP server.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Send, "FtpLiteFile", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FtpItem))]
public sealed class SendFtpLiteFileCommand : FtpLiteTransferCmdlet
{
    private readonly HashSet<string> _ensuredDirectories = new(StringComparer.Ordinal);

    // Uploads under way, serial or parallel: each leaves when it ends other than by Ctrl+C, so what is left after a
    // stop was cut, and with -Resume kept on the server (see ReleaseResources).
    private readonly ConcurrentDictionary<string, byte> _uploading = new(StringComparer.Ordinal);

    // Remote folders this invocation uploads many files into, listed once: name -> what stands there.
    private readonly Dictionary<string, Dictionary<string, FtpItem>> _listedDirectories = new(StringComparer.Ordinal);

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
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    public string? Destination { get; set; }

    /// <summary>
    /// Give each uploaded file the local file's modification time (to the second), where the server can set it
    /// (MFMT, or MDTM with a time). Where it cannot, the upload still succeeds and one warning says so.
    /// </summary>
    [Parameter]
    public SwitchParameter PreserveTime { get; set; }

    private protected override string BatchActivity => "Sending files";

    // One warning per invocation when times cannot be kept: the same reason for every file says nothing new.
    private bool _warnedTimeNotPreserved;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        var literal = ParameterSetName == LiteralPathSet;
        var files = LocalPaths.Resolve(SessionState, literal ? LiteralPath : Path, literal, WriteError);
        var several = MyInvocation.ExpectingInput || files.Count > 1;
        var destination = Destination is null ? null : RemotePaths.AsTyped(Destination, literal: false);
        if (destination is not null && !destination.EndsWith('/') && several)
        {
            destination += "/";
        }

        if (!MyInvocation.ExpectingInput)
        {
            Batch.Total = files.Count(File.Exists);
        }

        foreach (var file in files)
        {
            ForItem(file, () =>
            {
                if (!Directory.Exists(file))
                {
                    SendFile(session, file, destination, several);
                }
                else if (Recurse)
                {
                    SendTree(session, file, destination, several);
                }
                else
                {
                    WriteError(FtpLiteErrors.Create(FtpLiteErrors.LocalItemIsDirectory, ErrorCategory.InvalidArgument,
                        $"'{file}' is a directory; use -Recurse to upload it with its contents.", file));
                }
            });
        }
    }

    private void SendTree(FtpLiteSession session, string folder, string? destination, bool several)
    {
        var name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(folder));
        string remoteRoot;
        if (destination is null)
        {
            remoteRoot = session.Client.GetFullPath(name);
        }
        else if (destination.EndsWith('/') || several || Await(session.Client.GetItemAsync(destination, StopToken)) is { IsDirectory: true })
        {
            remoteRoot = FtpPath.Combine(session.Client.GetFullPath(destination), name);
        }
        else
        {
            // Like Copy-Item: to a new path, the new folder is the copy.
            remoteRoot = session.Client.GetFullPath(destination);
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        Batch.Total = (Batch.Total ?? 0) + files.Count;
        foreach (var directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Prepend(folder))
        {
            var remoteDirectory = RemoteFor(remoteRoot, folder, directory);
            if (ShouldProcess(remoteDirectory, "Create directory"))
            {
                Await(session.Client.EnsureDirectoryAsync(remoteDirectory, StopToken));
            }
        }

        foreach (var file in files)
        {
            ForItem(file, () => SendFile(session, file, RemoteFor(remoteRoot, folder, System.IO.Path.GetDirectoryName(file)!) + "/", batch: true));
        }
    }

    /// <param name="session">The session.</param>
    /// <param name="file">The local file.</param>
    /// <param name="destination">Remote file or folder (ending in '/'); null for the working directory.</param>
    /// <param name="batch">Many files go to the same folders: list each folder once instead of asking per file.</param>
    private void SendFile(FtpLiteSession session, string file, string? destination, bool batch)
    {
        var target = destination ?? System.IO.Path.GetFileName(file);
        if (!ShouldProcess($"{file} -> {target}", "Upload"))
        {
            return;
        }

        if (destination is not null && destination.EndsWith('/') && _ensuredDirectories.Add(session.Client.GetFullPath(destination)))
        {
            // A destination folder that ends in '/' is created when missing, as Receive-FtpLiteFile does locally.
            Await(session.Client.EnsureDirectoryAsync(destination, StopToken));
        }

        var options = TransferOptions with { PreserveTime = PreserveTime.IsPresent };
        var intoFolder = batch && (destination is null || destination.EndsWith('/'));
        if (ParallelFor(session) is { } parallel)
        {
            // Other connections share no working directory with this one: hand them absolute paths.
            var (remoteFile, existing) = intoFolder
                ? LookUpInFolder(session, file, destination)
                : (null, null);
            var remoteTarget = destination is null ? null : session.Client.GetFullPath(destination) + (destination.EndsWith('/') ? "/" : string.Empty);
            parallel.Start((client, token) => Tracked(file, remoteFile is not null
                ? client.UploadFileToAsync(file, remoteFile, existing, options, null, token)
                : client.UploadFileAsync(file, remoteTarget, options, null, token)),
                file, uploaded => Uploaded(session, uploaded.Item, uploaded.Result, null));
            Drain(parallel, all: false);
            return;
        }

        var done = false;
        var progress = Batch.StartFile($"Uploading {System.IO.Path.GetFileName(file)}");
        try
        {
            (FtpItem Item, FtpTransferResult Result) uploaded;
            if (intoFolder)
            {
                var (remoteFile, existing) = LookUpInFolder(session, file, destination);
                uploaded = Await(Tracked(file, session.Client.UploadFileToAsync(file, remoteFile, existing, options, progress, StopToken)));
            }
            else
            {
                uploaded = Await(Tracked(file, session.Client.UploadFileAsync(file, destination, options, progress, StopToken)));
            }

            Uploaded(session, uploaded.Item, uploaded.Result, progress);
            done = true;
        }
        finally
        {
            if (!done)
            {
                Batch.FileFailed(progress);
            }
        }
    }

    /// <inheritdoc />
    protected override void ReleaseResources()
    {
        // Waits for the parallel uploads to end first, so that every one Ctrl+C cut is known.
        base.ReleaseResources();
        if (Resume && StopToken.IsCancellationRequested)
        {
            // Ctrl+C: the pipeline takes no more records, so the host is told directly. Without -Resume the
            // client has deleted what it sent; with it each part stays, for the next run to continue.
            foreach (var file in _uploading.Keys.Order(StringComparer.Ordinal))
            {
                Host?.UI?.WriteWarningLine($"Stopped: the part of '{System.IO.Path.GetFileName(file)}' already sent stays on the server; Send-FtpLiteFile -Resume continues it.");
            }
        }
    }

    /// <summary>An upload, listed in <see cref="_uploading"/> until it ends other than by cancellation (Ctrl+C).</summary>
    private async Task<T> Tracked<T>(string file, Task<T> upload)
    {
        _uploading[file] = 0;
        try
        {
            var result = await upload.ConfigureAwait(false);
            _uploading.TryRemove(file, out _);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _uploading.TryRemove(file, out _);
            throw;
        }
    }

    private void Uploaded(FtpLiteSession session, FtpItem item, FtpTransferResult result, TransferProgressReporter? progress)
    {
        if (result.Verification == FtpVerificationMethod.Size && Verify)
        {
            WriteWarning($"The server cannot hash files; '{ConsoleText.Escape(item.FullName)}' was verified by its size only.");
        }

        if (result.StartedOverBecause is { } why)
        {
            WriteWarning($"'{item.FullName}' was transferred from the start instead of resumed: {why}.");
        }

        if (result.TimeNotPreservedBecause is { } timeWhy)
        {
            var message = $"'{ConsoleText.Escape(item.FullName)}' keeps the server's time, not the local file's: {ConsoleText.Escape(timeWhy)}.";
            if (_warnedTimeNotPreserved)
            {
                WriteVerbose(message);
            }
            else
            {
                _warnedTimeNotPreserved = true;
                WriteWarning(message);
            }
        }

        if (result.ResumedFrom > 0)
        {
            WriteVerbose($"Resumed '{ConsoleText.Escape(item.FullName)}' at byte {result.ResumedFrom}.");
        }

        if (_listedDirectories.TryGetValue(item.DirectoryName, out var entries))
        {
            entries[item.Name] = item;
        }

        Batch.FileDone(result.BytesTransferred, progress);
        WriteObject(ItemDecorator.WithSession(item, session));
    }

    /// <summary>
    /// The remote file a local file goes to in a folder, and what stands there now, from one listing of the
    /// folder per call instead of questions per file.
    /// </summary>
    private (string RemoteFile, FtpItem? Existing) LookUpInFolder(FtpLiteSession session, string file, string? destination)
    {
        var folder = session.Client.GetFullPath(destination ?? ".");
        if (!_listedDirectories.TryGetValue(folder, out var entries))
        {
            entries = Await(session.Client.ListDirectoryAsync(folder, StopToken)).ToDictionary(item => item.Name, StringComparer.Ordinal);
            _listedDirectories[folder] = entries;
        }

        var name = System.IO.Path.GetFileName(file);
        return (FtpPath.Combine(folder, name), entries.GetValueOrDefault(name));
    }

    /// <summary>The remote directory for a local one below <paramref name="localRoot"/>.</summary>
    private static string RemoteFor(string remoteRoot, string localRoot, string localDirectory)
    {
        var relative = System.IO.Path.GetRelativePath(localRoot, localDirectory);
        return relative == "." ? remoteRoot : FtpPath.Combine(remoteRoot, relative.Replace(System.IO.Path.DirectorySeparatorChar, '/'));
    }
}
