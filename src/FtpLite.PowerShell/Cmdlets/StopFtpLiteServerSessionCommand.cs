using System.Management.Automation;
using FtpLite.PowerShell.Internal;
using FtpLite.Server;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Ends client sessions on an FtpLite server: a running transfer is cut and the client is told 421.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "FtpLiteServerSession", SupportsShouldProcess = true, DefaultParameterSetName = "Session")]
[OutputType(typeof(FtpServerSession))]
public sealed class StopFtpLiteServerSessionCommand : FtpLiteCmdlet
{
    /// <summary>The sessions to end, as Get-FtpLiteServer -Session outputs them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Session")]
    public FtpServerSession[] InputObject { get; set; } = [];

    /// <summary>The server whose sessions -Id names.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Id")]
    public FtpServer? Server { get; set; }

    /// <summary>The sessions' numbers (the Id column of Get-FtpLiteServer -Session).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Id")]
    public long[] Id { get; set; } = [];

    /// <summary>Output the ended sessions.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var targets = ParameterSetName == "Id"
            ? Id.Select(id => (Server: Server!, Id: id, Session: Server!.Sessions.FirstOrDefault(s => s.Id == id)))
            : InputObject.Select(session => (session.Server, session.Id, Session: (FtpServerSession?)session));
        foreach (var (server, id, session) in targets)
        {
            if (!ShouldProcess($"session {id} ({ConsoleText.Escape(session?.UserName ?? "?")} from {session?.RemoteEndPoint}) on port {server.Port}", "End FtpLite server session"))
            {
                continue;
            }

            if (!Await(server.StopSessionAsync(id)))
            {
                WriteError(FtpLiteErrors.Create(FtpLiteErrors.ServerSessionNotFound, ErrorCategory.ObjectNotFound,
                    $"The server on port {server.Port} has no session {id} (it may have ended). Get-FtpLiteServer -Session lists the sessions.", id));
                continue;
            }

            if (PassThru && session is not null)
            {
                WriteObject(session);
            }
        }
    }
}
