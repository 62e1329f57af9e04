using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Says goodbye (QUIT) and closes an FtpLite session.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "FtpLite")]
[OutputType(typeof(void))]
public sealed class DisconnectFtpLiteCommand : FtpLiteCmdlet
{
    /// <summary>The sessions to close; the default session when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public FtpLiteSession[]? Session { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var sessions = Session ?? (SessionStore.Default is { } current ? [current] : []);
        if (sessions.Length == 0)
        {
            WriteError(FtpLiteErrors.Create(FtpLiteErrors.NoSession, ErrorCategory.ConnectionError, "There is no FtpLite session to disconnect.", null));
            return;
        }

        foreach (var session in sessions)
        {
            try
            {
                Await(session.Client.DisconnectAsync(StopToken));
            }
            finally
            {
                // Gone from Get-FtpLiteSession whatever the goodbye did, Ctrl+C included, and closed with it.
                SessionStore.Remove(session);
                session.Client.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            WriteVerbose($"Disconnected from {session.ComputerName}:{session.Port}.");
        }
    }
}
