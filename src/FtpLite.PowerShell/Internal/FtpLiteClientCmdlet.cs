using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// A cmdlet that works over a session: -Session, or the runspace's default one. It offers the one way remote
/// paths are read (<see cref="ForEachRemoteItem"/>): cmdlets that take remote items declare -Path, -LiteralPath
/// and, for items piped from Get-FtpLiteItem, a hidden -InputObject, in the parameter sets named here.
/// </summary>
public abstract class FtpLiteClientCmdlet : FtpLiteCmdlet
{
    /// <summary>Paths typed by the user: '\' separates, and wildcards expand where the cmdlet takes them.</summary>
    private protected const string PathSet = "Path";

    /// <summary>Paths taken exactly as written.</summary>
    private protected const string LiteralPathSet = "LiteralPath";

    /// <summary>
    /// An FtpItem piped in whole (-InputObject): its path is exact, and its listing and session come along. It is
    /// the default set of those cmdlets: PowerShell binds piped input to the default set first, so with -Path as
    /// the default a piped item would bind its FullName there, as a pattern ("a[1].txt" would match a1.txt).
    /// </summary>
    private protected const string ItemSet = "Item";

    private readonly HashSet<FtpLite.Client.FtpClient> _watched = [];

    /// <summary>The session to use; the default is the one Connect-FtpLite opened last.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public FtpLiteSession? Session { get; set; }

    /// <summary>The session to work over; a terminating error when there is none or it is closed.</summary>
    internal FtpLiteSession ResolveSession() => Watch(Session ?? SessionStore.Default);

    /// <summary>
    /// The one path resolution of the client cmdlets, for the parameter set bound. Each -Path is typed: '\'
    /// separates as '/' does; with <paramref name="patterns"/>, wildcards in its last segment expand against a
    /// listing of its folder (no match: nothing, as Get-ChildItem) and a path without them has its escapes
    /// undone. Each -LiteralPath is exact. An item piped in (-InputObject) is exact and goes over its own
    /// session unless -Session names one. Each target goes to <paramref name="act"/> behind
    /// <see cref="FtpLiteCmdlet.ForItem"/>: a failure on one is a non-terminating error for it, and the next goes on.
    /// </summary>
    internal void ForEachRemoteItem(IReadOnlyList<string> path, IReadOnlyList<string> literalPath, FtpItem? inputObject,
        Action<FtpLiteSession, RemoteTarget> act, bool patterns = true)
    {
        if (ParameterSetName == ItemSet && inputObject is not null)
        {
            var itemSession = Session ?? inputObject.Session as FtpLiteSession;
            var session = Watch(itemSession is { Client.IsClosed: false } ? itemSession : Session ?? SessionStore.Default);
            ForItem(inputObject.FullName, () => act(session, new RemoteTarget(inputObject.FullName, inputObject, Matched: false)));
            return;
        }

        var typedSession = ResolveSession();
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var typed in RemotePaths.AsTyped(literal ? literalPath : path, literal))
        {
            if (literal || !patterns || !RemotePaths.HasWildcards(typed))
            {
                var exact = patterns ? RemotePaths.Exact(typed, literal) : typed;
                ForItem(typed, () => act(typedSession, new RemoteTarget(exact, null, Matched: false)));
                continue;
            }

            IReadOnlyList<FtpItem> matches = [];
            if (ForItem(typed, () => matches = Await(RemotePaths.ExpandAsync(typedSession.Client, typed, StopToken))))
            {
                foreach (var match in matches)
                {
                    ForItem(match.FullName, () => act(typedSession, new RemoteTarget(match.FullName, match, Matched: true)));
                }
            }
        }
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

    /// <summary>Checks that the session is there and open (a terminating error when not), and reports its reopening.</summary>
    private FtpLiteSession Watch(FtpLiteSession? session)
    {
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

    /// <summary>A session the server had dropped was opened again: say so, from the pipeline thread.</summary>
    private void OnReopened(object? sender, string note) => Post(() => WriteVerbose(note));
}
