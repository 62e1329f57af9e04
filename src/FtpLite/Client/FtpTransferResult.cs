namespace FtpLite.Client;

/// <summary>What a file transfer did.</summary>
/// <param name="BytesTransferred">Bytes sent or received in this transfer (less than the file when resumed).</param>
/// <param name="ResumedFrom">The offset the transfer started at; 0 unless resumed.</param>
/// <param name="Verification">How the result was checked.</param>
public readonly record struct FtpTransferResult(long BytesTransferred, long ResumedFrom, FtpVerificationMethod Verification)
{
    /// <summary>Why a transfer asked to resume started over from the first byte instead; null when it did not.</summary>
    public string? StartedOverBecause { get; init; }

    /// <summary>
    /// Why an upload asked to preserve the modification time left the server's own time instead (the server has
    /// no way to set it, or refused); null when the time was set or not asked for.
    /// </summary>
    public string? TimeNotPreservedBecause { get; init; }
}
