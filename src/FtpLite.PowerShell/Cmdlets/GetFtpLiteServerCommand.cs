using System.Management.Automation;
using FtpLite.PowerShell.Internal;
using FtpLite.Server;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists the FtpLite servers running in this process, with connection counts and bytes moved.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FtpLiteServer")]
[OutputType(typeof(FtpServer))]
[OutputType(typeof(FtpServerSession))]
public sealed class GetFtpLiteServerCommand : FtpLiteCmdlet
{
    /// <summary>Only servers on these control ports.</summary>
    [Parameter(Position = 0)]
    public int[]? Port { get; set; }

    /// <summary>Output the servers' sessions (who is connected, from where, transferring what) instead of the servers.</summary>
    [Parameter]
    public SwitchParameter Session { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var server in ServerStore.All)
        {
            if (Port is null || Port.Contains(server.Port))
            {
                WriteObject(Session ? server.Sessions : server, enumerateCollection: Session);
            }
        }
    }
}
