namespace FtpLite.Client;

/// <summary>Whether and how a client encrypts (RFC 4217).</summary>
public enum FtpEncryption
{
    /// <summary>Plain FTP.</summary>
    None,

    /// <summary>Connect in plaintext, then AUTH TLS before logging in; data connections encrypted too (PROT P).</summary>
    Explicit,

    /// <summary>TLS from the first byte (the server's implicit-FTPS port); data connections encrypted too.</summary>
    Implicit,
}
