using FtpLite.Protocol;
using FtpLite.Server.Data;

namespace FtpLite.Server.Session;

/// <summary>
/// What one client's commands have set, grouped by concern (as vsftpd's struct vsf_session in session.h):
/// handlers read and write it here; the connection itself holds only the sockets and the command loop.
/// </summary>
internal sealed class FtpSession
{
    public LoginState Login { get; } = new();

    /// <summary>Where relative paths start (CWD, CDUP).</summary>
    public string WorkingDirectory { get; set; } = FtpPath.Root;

    /// <summary>The path set by RNFR for the next RNTO; it lives for exactly one following command.</summary>
    public string? RenameFrom { get; set; }

    /// <summary>The offset set by REST for the next RETR/STOR.</summary>
    public long RestartOffset { get; set; }

    public HashState Hash { get; } = new();

    public TlsState Tls { get; } = new();

    public DataState Data { get; } = new();
}

/// <summary>USER/PASS: who is asking and who is logged in.</summary>
internal sealed class LoginState
{
    /// <summary>The user named by USER, waiting for PASS.</summary>
    public string? PendingUserName { get; set; }

    /// <summary>The logged-in user; null before login.</summary>
    public string? UserName { get; private set; }

    public bool IsLoggedIn => UserName is not null;

    /// <summary>True when the user may change files.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Failed logins on this connection.</summary>
    public int Failures { get; private set; }

    public void LoggedIn(string userName, bool canWrite)
    {
        UserName = userName;
        CanWrite = canWrite;
        PendingUserName = null;
    }

    /// <summary>Counts a failed login; returns how many there have been.</summary>
    public int CountFailure() => ++Failures;
}

/// <summary>OPTS HASH and RANG: what the next HASH computes.</summary>
internal sealed class HashState
{
    /// <summary>The algorithm HASH uses (OPTS HASH).</summary>
    public FtpHashAlgorithm Algorithm { get; set; } = FtpHashAlgorithm.SHA256;

    /// <summary>The byte range, inclusive, RANG set for the next HASH.</summary>
    public (long Start, long End)? Range { get; set; }
}

/// <summary>PBSZ and PROT (RFC 4217). Whether the control connection itself is encrypted is the connection's.</summary>
internal sealed class TlsState
{
    /// <summary>PROT P: data connections are encrypted too.</summary>
    public bool ProtectData { get; set; }

    /// <summary>PBSZ was sent (RFC 4217 wants it before PROT).</summary>
    public bool BufferSizeSet { get; set; }
}

/// <summary>The next data connection (PASV/EPSV/PORT/EPRT) and how files travel over it (TYPE).</summary>
internal sealed class DataState : IDisposable
{
    /// <summary>The prepared data connection, taken by the next transfer.</summary>
    public IDataChannel? Channel { get; private set; }

    /// <summary>
    /// TYPE I (image) rather than TYPE A. RFC 959 starts in ASCII, but FtpLite starts in binary, as it always sent
    /// files as stored: a client that never sends TYPE gets its bytes untouched.
    /// </summary>
    public bool BinaryMode { get; set; } = true;

    /// <summary>Replaces the prepared data connection; the old one is closed.</summary>
    public void SetChannel(IDataChannel? channel)
    {
        Channel?.Dispose();
        Channel = channel;
    }

    /// <summary>Hands the prepared data connection to a transfer, which closes it.</summary>
    public IDataChannel? TakeChannel()
    {
        var channel = Channel;
        Channel = null;
        return channel;
    }

    public void Dispose() => SetChannel(null);
}
