namespace FtpLite.IO;

/// <summary>
/// A file being sent ended before the number of bytes announced for it: another process cut it short during the
/// transfer. What was sent is a prefix of a file that no longer exists in that form, so the transfer must not be
/// reported as complete.
/// </summary>
internal sealed class FileEndedEarlyException(long sent, long expected)
    : IOException($"The file changed during the transfer: it ended after {sent} of the {expected} bytes to send.")
{
    /// <summary>The bytes sent before the file ended.</summary>
    public long Sent { get; } = sent;

    /// <summary>The bytes that were to be sent.</summary>
    public long Expected { get; } = expected;
}
