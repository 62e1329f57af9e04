using System.Management.Automation;
using FtpLite.PowerShell.Internal;
using FtpLite.Server;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Stops FtpLite servers: connected clients get 421 and uploads in flight are discarded.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "FtpLiteServer", SupportsShouldProcess = true)]
[OutputType(typeof(FtpServer))]
public sealed class StopFtpLiteServerCommand : FtpLiteCmdlet
{
    /// <summary>The servers to stop, as Start-FtpLiteServer output them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public FtpServer[] InputObject { get; set; } = [];

    /// <summary>Output the stopped servers.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var server in InputObject)
        {
            if (!ShouldProcess($"{server.Address}:{server.Port}", "Stop"))
            {
                continue;
            }

            Await(server.StopAsync());
            ServerStore.Remove(server);
            if (PassThru)
            {
                WriteObject(server);
            }
        }
    }
}
