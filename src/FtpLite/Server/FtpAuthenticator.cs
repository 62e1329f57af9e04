using System.Net;
using FtpLite.FileSystem;
using FtpLite.Server.Accounts;
using System.Security.Cryptography;
using System.Text;

namespace FtpLite.Server;

/// <summary>
/// Checks logins. Passwords are kept only as salted hashes and compared in constant time, and an unknown
/// user costs the same work as a known one, so timing tells nothing.
/// </summary>
internal sealed class FtpAuthenticator
{
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(16);
    private readonly Dictionary<string, byte[]> _users = new(StringComparer.Ordinal);
    private readonly byte[] _decoy;

    private readonly FtpAccountLogins? _accounts;

    public FtpAuthenticator(IReadOnlyList<NetworkCredential> users, FtpAnonymousAccess anonymous, FtpAccountLogins? accounts = null)
    {
        _accounts = accounts;
        foreach (var user in users)
        {
            if (string.IsNullOrEmpty(user.UserName) || IsAnonymousName(user.UserName))
            {
                throw new ArgumentException($"'{user.UserName}' cannot be a named user.", nameof(users));
            }

            _users[user.UserName] = Hash(user.Password);
        }

        Anonymous = anonymous;
        _decoy = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
    }

    public FtpAnonymousAccess Anonymous { get; }

    public static bool IsAnonymousName(string userName) =>
        userName.Equals("anonymous", StringComparison.OrdinalIgnoreCase) || userName.Equals("ftp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The account file's users, when the server has one.</summary>
    public FtpAccountLogins? Accounts => _accounts;

    /// <summary>
    /// Checks a login; on success tells whether the user may write and, for a user of the account file, gives
    /// the session's own file system (null: the server's shared one). <paramref name="refusal"/> tells the log
    /// why a right password was not enough.
    /// </summary>
    public bool TryLogin(string userName, string password, IPAddress address, out bool canWrite, out IFtpFileSystem? fileSystem, out string? refusal)
    {
        fileSystem = null;
        refusal = null;
        if (_accounts is not null && !_users.ContainsKey(userName) && !IsAnonymousName(userName))
        {
            // Rights, not this flag, decide what an account may change: its file system checks each one.
            fileSystem = _accounts.TryLogin(userName, password, address, out refusal);
            canWrite = fileSystem is not null;
            return canWrite;
        }

        return TryLogin(userName, password, out canWrite);
    }

    private bool TryLogin(string userName, string password, out bool canWrite)
    {
        canWrite = false;
        if (IsAnonymousName(userName))
        {
            canWrite = Anonymous == FtpAnonymousAccess.ReadWrite;
            return Anonymous != FtpAnonymousAccess.None;
        }

        var known = _users.TryGetValue(userName, out var expected);
        var matches = CryptographicOperations.FixedTimeEquals(Hash(password), expected ?? _decoy);
        canWrite = known && matches;
        return canWrite;
    }

    private byte[] Hash(string password)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        return SHA256.HashData([.. _salt, .. bytes]);
    }
}
