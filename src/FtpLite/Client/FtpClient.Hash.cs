using System.Globalization;

namespace FtpLite.Client;

public sealed partial class FtpClient
{
    private FtpHashAlgorithm? _serverHashAlgorithm;

    /// <summary>True when the server answers HASH (draft-bryan-ftpext-hash).</summary>
    public bool SupportsHash => _features.Contains("HASH");

    /// <summary>The hash algorithms the server offers, strongest first.</summary>
    public IReadOnlyList<FtpHashAlgorithm> HashAlgorithms =>
        _featureParameters.TryGetValue("HASH", out var list)
            ? [.. list.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(name => FtpHashAlgorithms.TryParse(name.TrimEnd('*'), out var algorithm) ? algorithm : (FtpHashAlgorithm?)null)
                .OfType<FtpHashAlgorithm>()
                .Order()]
            : [];

    /// <summary>
    /// Asks the server for a file's hash (HASH), of the whole file or of the inclusive byte range given.
    /// </summary>
    /// <exception cref="FtpNotSupportedException">The server has no HASH, or not this algorithm.</exception>
    /// <exception cref="FtpItemNotFoundException">The file does not exist.</exception>
    public Task<FtpFileHash> GetHashAsync(string remotePath, FtpHashAlgorithm algorithm = FtpHashAlgorithm.SHA256,
        (long Start, long End)? range = null, CancellationToken cancellationToken = default)
    {
        var fullPath = GetFullPath(remotePath);
        if (!SupportsHash)
        {
            throw new FtpNotSupportedException("The server does not support the HASH command.");
        }

        if (!HashAlgorithms.Contains(algorithm))
        {
            throw new FtpNotSupportedException($"The server does not offer {algorithm.WireName()} hashes; it offers {string.Join(", ", HashAlgorithms.Select(a => a.WireName()))}.");
        }

        return WithGateAsync("HASH", async token =>
        {
            if (_serverHashAlgorithm != algorithm)
            {
                await CommandAsync("OPTS HASH " + algorithm.WireName(), token, expect: 200).ConfigureAwait(false);
                _serverHashAlgorithm = algorithm;
            }

            if (range is { } bytes)
            {
                await CommandAsync(string.Create(CultureInfo.InvariantCulture, $"RANG {bytes.Start} {bytes.End}"), token, expect: 350).ConfigureAwait(false);
            }

            var reply = await CommandAsync("HASH " + fullPath, token).ConfigureAwait(false);
            if (reply.Code is 550 or 450)
            {
                throw new FtpItemNotFoundException(fullPath, reply.Message);
            }

            if (reply.Code != 213)
            {
                throw ToException("HASH", reply);
            }

            // "SHA-256 0-1023 <hex> name", on the last line of a reply that may open with a banner.
            if (!reply.TryRead(TryReadHashLine, out string hex))
            {
                throw new FtpProtocolException($"Cannot read the HASH reply '{Protocol.FtpReplyReader.Excerpt(reply.Message)}'.");
            }

            return new FtpFileHash(algorithm.ToString(), hex.ToUpperInvariant(), fullPath);
        }, cancellationToken);
    }

    /// <summary>The hash field of a HASH answer line: "SHA-256 0-1023 &lt;hex&gt; name" (the name may hold spaces).</summary>
    private static bool TryReadHashLine(string line, out string hex)
    {
        var fields = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        hex = fields.Length >= 3 && fields[2].Length >= 8 && fields[2].All(Uri.IsHexDigit) && FtpHashAlgorithms.TryParse(fields[0], out _)
            ? fields[2]
            : string.Empty;
        return hex.Length > 0;
    }

    /// <summary>
    /// Checks that a local file and a remote file hold the same bytes: by hash where the server has HASH,
    /// by size otherwise (the result says which).
    /// </summary>
    /// <exception cref="FtpVerificationException">They differ.</exception>
    public async Task<FtpVerificationMethod> VerifyAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        await using var local = File.OpenRead(localPath);
        return await VerifyAsync(GetFullPath(remotePath), local, remoteIsTheCopy: true, cancellationToken).ConfigureAwait(false);
    }
}
