using System.Management.Automation.Runspaces;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// The sessions of each runspace and which one is the default. Keyed by runspace so two runspaces in one
/// process (jobs, hosted tests) never share a default session.
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
        var key = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
        if (!s_byRunspace.TryGetValue(key, out var sessions))
        {
            sessions = new RunspaceSessions();
            s_byRunspace[key] = sessions;
        }

        return sessions;
    }

    private sealed class RunspaceSessions
    {
        public List<FtpLiteSession> All { get; } = [];

        public FtpLiteSession? Default { get; set; }
    }
}
