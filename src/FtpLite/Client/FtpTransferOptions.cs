namespace FtpLite.Client;

/// <summary>How a file transfer treats what is already at its destination, and how it checks its result.</summary>
public sealed record FtpTransferOptions
{
    /// <summary>The defaults: never overwrite, no resume, no extra verification.</summary>
    public static FtpTransferOptions Default { get; } = new();

    /// <summary>Replace a destination file that exists.</summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Continue a transfer that stopped part way: a download from the local partial file (kept when a resumable
    /// download fails) or a shorter local file; an upload from a shorter remote file. The part already there is
    /// checked by hash first where the server has HASH.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>Compare hashes (or sizes, where the server has no HASH) after the transfer; a mismatch is an error.</summary>
    public bool Verify { get; init; }

    /// <summary>
    /// After an upload, give the remote file the local file's modification time (to the second) where the server
    /// can (MFMT, or a 2-argument MDTM it proves to take). A server that cannot leaves the upload's own time; the
    /// transfer still succeeds and <see cref="FtpTransferResult.TimeNotPreservedBecause"/> says why. Downloads
    /// always take the remote time the server tells; with this, a download of a file described by a LIST line
    /// (minutes at best) asks MDTM for the exact second.
    /// </summary>
    public bool PreserveTime { get; init; }

    /// <summary>
    /// After an upload, ask the server (MLST, where it has it) for its own description of the file: its clock,
    /// its permissions. Off, the returned item is built from what the client knows (the length sent, the time
    /// set or now), and a caller that does not look at it (a sync) saves one round trip a file.
    /// </summary>
    public bool DescribeUploaded { get; init; } = true;
}
