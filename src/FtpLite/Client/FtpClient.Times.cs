using FtpLite.Protocol;

namespace FtpLite.Client;

public sealed partial class FtpClient
{
    /// <summary>Whether a 2-argument MDTM (<c>MDTM time path</c>) sets times on this server: null until tried.</summary>
    private bool? _mdtmSetsTime;

    /// <summary>
    /// True when the server sets file times: it announced MFMT, or a 2-argument MDTM has been seen to work. A
    /// server not yet tried counts as unable.
    /// </summary>
    public bool CanSetModificationTime => _features.Contains("MFMT") || _mdtmSetsTime == true;

    /// <summary>
    /// Sets a remote file's modification time, to the second: MFMT where FEAT announces it; otherwise the
    /// older <c>MDTM YYYYMMDDHHMMSS path</c> dialect, believed only when a plain MDTM then reads the time back.
    /// Returns null when the time is set, or why it is not (the server has no way, or refused this file).
    /// Never changes anything else: a server that reads <c>MDTM time path</c> as the query of a file named
    /// "time path" only answers about that name.
    /// </summary>
    public Task<string?> SetModificationTimeAsync(string remotePath, DateTime lastWriteTimeUtc, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(remotePath);
        return WithGateAsync("MFMT", token => SetModificationTimeCoreAsync(fullPath, lastWriteTimeUtc, token), cancellationToken);
    }

    /// <summary>A file's time from MDTM; null when the server gives none. The caller holds the gate.</summary>
    private async Task<DateTime?> ReadMdtmAsync(string fullPath, CancellationToken token)
    {
        var reply = await CommandAsync("MDTM " + fullPath, token).ConfigureAwait(false);
        return reply.Code == 213 && reply.TryRead(static (string line, out DateTime? time) => (time = FtpTimeValue.Parse(line)) is not null, out DateTime? time) ? time : null;
    }

    private async Task<string?> SetModificationTimeCoreAsync(string fullPath, DateTime lastWriteTimeUtc, CancellationToken token)
    {
        // Whole seconds: what MDTM and most listings give back, and all that pyftpdlib's MFMT accepts.
        var time = TruncateToSeconds(lastWriteTimeUtc.ToUniversalTime());
        var value = FtpTimeValue.Format(time);
        if (_features.Contains("MFMT"))
        {
            var reply = await CommandAsync($"MFMT {value} {fullPath}", token).ConfigureAwait(false);
            return reply.Code == 213 ? null : $"the server refused MFMT ({reply.Code} {reply.Message})";
        }

        if (_mdtmSetsTime == false || !_features.Contains("MDTM"))
        {
            return "the server has no MFMT and does not set times with MDTM";
        }

        // The 2-argument MDTM is a dialect, not a standard: elsewhere it is a query of an odd name, whose 213
        // would look like success. Only the file's own MDTM reading the new time back proves it took.
        var set = await CommandAsync($"MDTM {value} {fullPath}", token).ConfigureAwait(false);
        if (set.Code is >= 200 and < 300)
        {
            if (await ReadMdtmAsync(fullPath, token).ConfigureAwait(false) is { } readBack && TruncateToSeconds(readBack) == time)
            {
                _mdtmSetsTime = true;
                return null;
            }
        }

        // Once it has worked, a refusal is about this file; until then, it says the server has no such dialect.
        _mdtmSetsTime ??= false;
        return _mdtmSetsTime == true
            ? $"the server refused MDTM with a time ({set.Code} {set.Message})"
            : "the server has no MFMT and does not set times with MDTM";
    }
}
