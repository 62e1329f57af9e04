using System.Text;
using FtpLite.IO;
using FtpLite.Protocol;

namespace FtpLite.Client;

/// <summary>The first exchange of a connection: the implicit TLS handshake, when asked for, and the server's greeting.</summary>
public sealed partial class FtpClient
{
    /// <summary>
    /// How long a server may take to greet. An FTP server greets at once; a port that accepts and stays silent
    /// is not FTP, or is an implicit FTPS port waiting for a TLS hello. Waiting -TimeoutSec (30 s by default)
    /// for that only delays the answer.
    /// </summary>
    internal static readonly TimeSpan GreetingPatience = TimeSpan.FromSeconds(5);

    /// <summary>Runs the implicit TLS handshake when asked for, then reads the greeting, all within <see cref="GreetingPatience"/>.</summary>
    /// <param name="timeoutToken">Cancelled by the connection's overall timeout, or by the caller.</param>
    /// <param name="cancellationToken">The caller's token: only its cancellation is not a missing greeting.</param>
    private async Task<FtpReply> ReadGreetingAsync(CancellationToken timeoutToken, CancellationToken cancellationToken)
    {
        var patience = _options.Timeout < GreetingPatience ? _options.Timeout : GreetingPatience;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeoutToken);
        wait.CancelAfter(patience);
        try
        {
            if (_options.Encryption == FtpEncryption.Implicit)
            {
                _control = await HandshakeImplicitAsync(_network!, wait.Token).ConfigureAwait(false);
            }

            _lines = new FtpLineReader(_control!, MaxReplyLineLength, stripTelnet: false, releaseBufferWhenIdle: false);
            _replies = new FtpReplyReader(_lines);
            var greeting = await ReadReplyAsync(wait.Token).ConfigureAwait(false);
            while (greeting.IsPreliminary)
            {
                greeting = await ReadReplyAsync(wait.Token).ConfigureAwait(false);
            }

            return greeting;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var hint = _options.Encryption == FtpEncryption.Implicit
                ? "Is it an FTP server? For FTPS on a plain FTP port, use -Encryption Explicit"
                : "If it is an implicit FTPS port (often 990), use -Encryption Implicit; otherwise it is not an FTP server";
            throw new FtpConnectionException(FtpConnectionFailure.NoGreeting,
                $"{_options.Host}:{_options.Port} accepted the connection but sent no FTP greeting within {patience.TotalSeconds:0.#} s. {hint}.", ex);
        }
    }

    /// <summary>
    /// The implicit TLS handshake. A port that speaks plain FTP greets in plain text, which TLS reads as a
    /// corrupted frame: that case is told apart by what the server sent, and named with the fix.
    /// </summary>
    private async Task<Stream> HandshakeImplicitAsync(Stream network, CancellationToken cancellationToken)
    {
        var recorder = new FirstBytesStream(network, keep: 64);
        try
        {
            return await _tls!.AuthenticateAsync(recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (FtpSecurityException ex) when (LooksLikeReply(recorder.FirstBytes))
        {
            var said = FtpReplyReader.Excerpt(Encoding.UTF8.GetString(recorder.FirstBytes).Split('\r', '\n')[0]);
            throw new FtpSecurityException(
                $"{_options.Host}:{_options.Port} is a plain FTP port, not an implicit FTPS one: it greeted in plain text ('{said}') instead of TLS. "
                + "Use -Encryption Explicit on this port (AUTH TLS), or the server's implicit FTPS port (often 990).", ex);
        }
    }

    /// <summary>True when bytes start as an FTP reply does: three digits, then a space or a dash.</summary>
    private static bool LooksLikeReply(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && char.IsAsciiDigit((char)bytes[0]) && char.IsAsciiDigit((char)bytes[1]) && char.IsAsciiDigit((char)bytes[2])
        && bytes[3] is (byte)' ' or (byte)'-';
}
