using System.Management.Automation.Runspaces;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// The sessions of each runspace and which one is the default. Keyed by runspace so two runspaces in one
/// process (jobs, hosted tests) never share a default session; a runspace's sessions end when it closes.
/// </summary>
internal static class SessionStore
{
    private static readonly Dictionary<Guid, RunspaceSessions> s_byRunspace = [];
    private static readonly Lock s_lock = new();

    public static void Add(FtpLiteSession session)
    {
        lock (s_lock)
        {
            var sessions = Current();
            sessions.All.Add(session);
            sessions.Default = session;
        }
    }

    public static FtpLiteSession? Default
    {
        get
        {
            lock (s_lock)
            {
                return Current().Default;
            }
        }
    }

    public static IReadOnlyList<FtpLiteSession> All
    {
        get
        {
            lock (s_lock)
            {
                return [.. Current().All];
            }
        }
    }

    /// <summary>The session of this runspace with that name (names are unique, compared ignoring case), or null.</summary>
    public static FtpLiteSession? Find(string name)
    {
        lock (s_lock)
        {
            return Current().All.Find(session => session.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    public static void Remove(FtpLiteSession session)
    {
        lock (s_lock)
        {
            var sessions = Current();
            sessions.All.Remove(session);
            if (ReferenceEquals(sessions.Default, session))
            {
                sessions.Default = sessions.All.LastOrDefault();
            }
        }
    }

    private static RunspaceSessions Current()
    {
        var runspace = Runspace.DefaultRunspace;
        var key = runspace?.InstanceId ?? Guid.Empty;
        if (!s_byRunspace.TryGetValue(key, out var sessions))
        {
            sessions = new RunspaceSessions();
            s_byRunspace[key] = sessions;
            if (runspace is not null)
            {
                runspace.StateChanged += OnRunspaceStateChanged;
            }
        }

        return sessions;
    }

    /// <summary>
    /// A runspace that closes (a job, a hosted runspace, a thread job) can never run Disconnect-FtpLite again: its
    /// sessions are closed and forgotten, so no connection, and no entry here, outlives it.
    /// </summary>
    private static void OnRunspaceStateChanged(object? sender, RunspaceStateEventArgs e)
    {
        if (sender is not Runspace runspace || e.RunspaceStateInfo.State is not (RunspaceState.Closed or RunspaceState.Broken))
        {
            return;
        }

        runspace.StateChanged -= OnRunspaceStateChanged;
        RunspaceSessions? sessions;
        lock (s_lock)
        {
            if (!s_byRunspace.Remove(runspace.InstanceId, out sessions))
            {
                return;
            }
        }

        foreach (var session in sessions.All)
        {
            // Closes the sockets at once (no QUIT exchange): nothing is left to wait for it. Disposing completes
            // synchronously.
            session.Client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class RunspaceSessions
    {
        public List<FtpLiteSession> All { get; } = [];

        public FtpLiteSession? Default { get; set; }
    }
}
