using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Creates remote directories (MKD).</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "FtpLiteDirectory", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FtpItem))]
public sealed class NewFtpLiteDirectoryCommand : FtpLiteClientCmdlet
{
    /// <summary>The directories to create; '\' separates as '/' does.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    public string[] Path { get; set; } = [];

    /// <summary>The directories to create, taken exactly as written ('\' is part of a name).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("LP")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RemotePathCompleter))]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Create missing parent directories too, and succeed when the directory already exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => ForEachRemoteItem(Path, LiteralPath, null, (session, target) =>
    {
        var fullPath = session.Client.GetFullPath(target.Path);
        if (!ShouldProcess(fullPath, "Create directory"))
        {
            return;
        }

        if (Force)
        {
            Await(session.Client.EnsureDirectoryAsync(fullPath, StopToken));
        }
        else
        {
            if (Await(session.Client.GetItemAsync(fullPath, StopToken)) is { } existing)
            {
                // As New-Item: an error without -Force, and with it the folder that is already there.
                WriteError(FtpLiteErrors.Create(FtpLiteErrors.DestinationExists, ErrorCategory.ResourceExists, existing.IsDirectory
                    ? $"The remote folder '{fullPath}' exists already. With -Force, an existing folder is no error."
                    : $"A remote file '{fullPath}' exists already where the folder would go. Remove it, or choose another name.", target.Path));
                return;
            }

            Await(session.Client.CreateDirectoryAsync(fullPath, StopToken));
        }

        var item = Await(session.Client.GetItemAsync(fullPath, StopToken))
            ?? new FtpItem(FtpLite.Protocol.FtpPath.GetName(fullPath), fullPath, FtpItemType.Directory, 0, null);
        WriteObject(ItemDecorator.WithSession(item, session));
    }, patterns: false);
}
