using System.Management.Automation;
using FtpLite.Client;
using FtpLite.IO;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Downloads remote files; a failed download never leaves a partial file behind.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "FtpLiteFile", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ReceiveFtpLiteFileCommand : FtpLiteClientCmdlet
{
    /// <summary>Remote files to download; binds from Get-FtpLiteItem output.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>
    /// A local folder (an existing one, a path ending in a separator, or any path when files come from the
    /// pipeline; created when missing), or the local file name for a single file. Defaults to the current folder.
    /// </summary>
    [Parameter(Position = 1)]
    public string? Destination { get; set; }

    /// <summary>Replace local files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        foreach (var remote in Path)
        {
            string local;
            string? folder;
            try
            {
                (local, folder) = LocalTarget(remote);
            }
            catch (Exception ex) when (ex is FtpException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                WriteFailure(ex, remote);
                continue;
            }

            if (!ShouldProcess($"{remote} -> {local}", "Download"))
            {
                continue;
            }

            var progress = new TransferProgressReporter($"Downloading {FtpLite.Protocol.FtpPath.GetName(remote)}", 1, record => Post(() => WriteProgress(record)));
            try
            {
                if (folder is not null)
                {
                    // Created only now, past ShouldProcess: -WhatIf must leave the local disk as it was.
                    Directory.CreateDirectory(folder);
                }

                var (file, _) = Await(session.Client.DownloadFileAsync(remote, local, new FtpTransferOptions { Overwrite = Force.IsPresent }, progress, StopToken));
                WriteProgress(progress.Completed());
                WriteObject(file);
            }
            catch (Exception ex) when (ex is FtpException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                WriteProgress(progress.Completed());
                WriteFailure(ex, remote);
            }
        }
    }

    /// <summary>The local file to write, and the folder to create first when the destination is one.</summary>
    private (string Local, string? Folder) LocalTarget(string remote)
    {
        var name = LocalNames.ToLocalFileName(remote);
        var destination = Destination is null
            ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
            : LocalPaths.ResolveDestination(SessionState, Destination);
        var intoFolder = Destination is null
            || Directory.Exists(destination)
            || Destination.EndsWith('/') || Destination.EndsWith('\\')
            || MyInvocation.ExpectingInput
            || Path.Length > 1;
        return intoFolder ? (System.IO.Path.Combine(destination, name), destination) : (destination, null);
    }
}
