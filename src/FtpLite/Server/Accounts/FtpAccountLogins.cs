using System.Collections.Concurrent;
using System.Net;
using FtpLite.FileSystem;

namespace FtpLite.Server.Accounts;

/// <summary>
/// Logins of the users in an account file: checks the password and the account's state, then builds the
/// session's own file system. Quota usage is kept per user here, for all of that user's sessions.
/// </summary>
internal sealed class FtpAccountLogins(FtpAccountStore store, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<QuotaUsage>> _usage = new(StringComparer.Ordinal);

    public FtpAccountStore Store => store;

    /// <summary>The session's file system, or null (with the reason, for the log) when the login is refused.</summary>
    public IFtpFileSystem? TryLogin(string userName, string password, IPAddress address, out string? refusal)
    {
        var policy = store.TryLogin(userName, password, address, time.GetUtcNow().UtcDateTime, out refusal);
        if (policy is null)
        {
            return null;
        }

        try
        {
            return AccountFileSystem.Create(policy, () => _usage.GetOrAdd(userName, _ => new(() => QuotaUsage.Count(policy.Home))).Value, time);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            refusal = $"the account's folders cannot be served: {ex.Message}";
            return null;
        }
    }

    public void Dispose() => store.Dispose();
}
