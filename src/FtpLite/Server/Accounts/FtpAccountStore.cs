using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace FtpLite.Server.Accounts;

/// <summary>
/// The accounts of a running server, read from the account file and read again when it changes (a file watcher,
/// and a look at the file's time and size at every login, for file systems whose watchers miss changes). A bad edit
/// keeps the last good accounts and says why; sessions already logged in are never touched.
/// </summary>
internal sealed class FtpAccountStore : IDisposable
{
    private readonly string _path;
    private readonly Action<string> _report;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _reloadLock = new();
    private readonly PasswordCache _verified = new();
    private readonly Lazy<string> _decoy = new(() => FtpPasswordHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));
    private volatile FtpAccountFile _accounts;
    private (DateTime Time, long Length) _stamp;

    /// <summary>Reads the file; a bad file stops here, before the server listens.</summary>
    /// <exception cref="FormatException">The file is not a valid account file.</exception>
    public FtpAccountStore(string path, Action<string> report)
    {
        _path = Path.GetFullPath(path);
        _report = report;
        _stamp = Stamp();
        _accounts = FtpAccountFile.Load(_path);
        var folder = Path.GetDirectoryName(_path)!;
        if (Directory.Exists(folder))
        {
            _watcher = new FileSystemWatcher(folder, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => CheckForChange();
            _watcher.Created += (_, _) => CheckForChange();
            _watcher.Renamed += (_, _) => CheckForChange();
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>The account file the server reads.</summary>
    public string FilePath => _path;

    /// <summary>The accounts in force.</summary>
    public FtpAccountFile Accounts => _accounts;

    /// <summary>True when the file names this user (a login that is not for a -Credential user).</summary>
    public bool HasUser(string userName) => _accounts.Users.ContainsKey(userName);

    /// <summary>Reads the file again if its time or size changed since the last read.</summary>
    public void CheckForChange()
    {
        lock (_reloadLock)
        {
            var stamp = Stamp();
            if (stamp == _stamp)
            {
                return;
            }

            _stamp = stamp;
            try
            {
                _accounts = FtpAccountFile.Load(_path);
                _report($"Read the account file {_path} again: {_accounts.Users.Count} user(s).");
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
            {
                // Half-written by an editor, or a typo: the server goes on with what it had.
                _report($"Kept the last good accounts: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Checks a login. An unknown name costs one slow hash like a known one, so timing does not tell which names
    /// exist; <paramref name="refusal"/> says why a right password was not enough (for the log, not the client).
    /// </summary>
    public FtpAccountPolicy? TryLogin(string userName, string password, IPAddress address, DateTime nowUtc, out string? refusal)
    {
        refusal = null;
        CheckForChange();
        var accounts = _accounts;
        var user = accounts.FindUser(userName);
        var hash = user?.PasswordHash ?? _decoy.Value;
        if (!_verified.Contains(userName, password, hash))
        {
            if (!FtpPasswordHash.Verify(password, hash) || user is null)
            {
                return null;
            }

            _verified.Add(userName, password, hash);
        }

        var policy = FtpAccountPolicy.For(accounts, user!);
        refusal = policy.Refusal(address, nowUtc);
        return refusal is null ? policy : null;
    }

    public void Dispose() => _watcher?.Dispose();

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    /// <summary>
    /// Logins already verified, so that a slow hash is paid once per password and not per login (200 logins a
    /// second would otherwise need minutes of CPU). Kept as HMACs under a key made at start and never stored: the
    /// memory of the process holds no password and nothing an offline guess could be checked against without
    /// the key. The stored hash is part of the message, so a changed password forgets the old one.
    /// </summary>
    private sealed class PasswordCache
    {
        private const int MaxEntries = 10_000;
        private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
        private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);

        public bool Contains(string userName, string password, string hash) =>
            _entries.TryGetValue(userName, out var known) && CryptographicOperations.FixedTimeEquals(known, Mac(userName, password, hash));

        public void Add(string userName, string password, string hash)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[userName] = Mac(userName, password, hash);
        }

        private byte[] Mac(string userName, string password, string hash) =>
            HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{userName}\0{password}\0{hash}"));
    }
}
