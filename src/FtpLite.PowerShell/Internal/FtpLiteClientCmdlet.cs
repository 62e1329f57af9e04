using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>A cmdlet that works over a session: -Session, or the runspace's default one.</summary>
public abstract class FtpLiteClientCmdlet : FtpLiteCmdlet
{
    /// <summary>The session to use; the default is the one Connect-FtpLite opened last.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public FtpLiteSession? Session { get; set; }

    /// <summary>The session to work over; a terminating error when there is none or it is closed.</summary>
    internal FtpLiteSession ResolveSession()
    {
        var session = Session ?? SessionStore.Default;
        if (session is null)
        {
            ThrowTerminatingError(FtpLiteErrors.Create(FtpLiteErrors.NoSession, ErrorCategory.ConnectionError,
                "There is no FtpLite session. Run Connect-FtpLite first, or pass -Session.", null));
        }

        if (!session!.Client.IsConnected)
        {
            ThrowTerminatingError(FtpLiteErrors.Create(FtpLiteErrors.SessionClosed, ErrorCategory.ConnectionError,
                $"The FtpLite session '{session.Name}' is closed. Connect again with Connect-FtpLite.", session));
        }

        return session;
    }
}
