using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>A cmdlet that works over a session: -Session, or the runspace's default one.</summary>
public abstract class FtpLiteClientCmdlet : FtpLiteCmdlet
{
    private readonly HashSet<FtpLite.Client.FtpClient> _watched = [];

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

        if (session!.Client.IsClosed)
        {
            ThrowTerminatingError(FtpLiteErrors.Create(FtpLiteErrors.SessionClosed, ErrorCategory.ConnectionError,
                $"The FtpLite session '{session.Name}' is closed. Connect again with Connect-FtpLite.", session));
        }

        if (_watched.Add(session.Client))
        {
            session.Client.Reopened += OnReopened;
        }

        return session;
    }

    /// <inheritdoc />
    protected override void ReleaseResources()
    {
        foreach (var client in _watched)
        {
            client.Reopened -= OnReopened;
        }

        _watched.Clear();
        base.ReleaseResources();
    }

    /// <summary>A session the server had dropped was opened again: say so, from the pipeline thread.</summary>
    private void OnReopened(object? sender, string note) => Post(() => WriteVerbose(note));
}
