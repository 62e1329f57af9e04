namespace FtpLite.Server.Proxy;

/// <summary>Where parsing the bytes read so far got to.</summary>
internal enum ProxyParseStatus
{
    /// <summary>The bytes so far are a valid beginning; read <see cref="ProxyParseResult.BytesNeeded"/> more.</summary>
    NeedMore,

    /// <summary>A whole, valid header of <see cref="ProxyParseResult.Length"/> bytes.</summary>
    Complete,

    /// <summary>Not a valid header; <see cref="ProxyParseResult.Error"/> says why.</summary>
    Invalid,
}

/// <summary>The outcome of <see cref="ProxyHeaderParser.Parse"/>.</summary>
/// <param name="Status">Complete, invalid, or a valid beginning.</param>
/// <param name="BytesNeeded">
/// With <see cref="ProxyParseStatus.NeedMore"/>: how many more bytes are certainly part of the header, so a
/// reader can ask for exactly that many and never take a byte of what follows it.
/// </param>
/// <param name="Header">The header, when complete.</param>
/// <param name="Length">The header's length in bytes, when complete.</param>
/// <param name="Error">Why the bytes are not a valid header, for the log.</param>
internal readonly record struct ProxyParseResult(ProxyParseStatus Status, int BytesNeeded = 0, ProxyHeader? Header = null, int Length = 0, string? Error = null)
{
    public static ProxyParseResult More(int bytes) => new(ProxyParseStatus.NeedMore, BytesNeeded: bytes);

    public static ProxyParseResult Done(ProxyHeader header, int length) => new(ProxyParseStatus.Complete, Header: header, Length: length);

    public static ProxyParseResult Bad(string error) => new(ProxyParseStatus.Invalid, Error: error);
}
