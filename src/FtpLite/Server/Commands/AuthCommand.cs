using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>AUTH TLS (RFC 4217): switches the control connection to TLS.</summary>
internal sealed class AuthCommand() : FtpCommandHandler("AUTH")
{
    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (!connection.Server.TlsEnabled)
        {
            await connection.ReplyAsync(FtpReplyCode.NotImplemented, "TLS is not configured on this server.").ConfigureAwait(false);
            return;
        }

        if (connection.IsTls)
        {
            await connection.ReplyAsync(FtpReplyCode.BadSequence, "Already using TLS.").ConfigureAwait(false);
            return;
        }

        if (AsciiVerb.Normalize(request.Argument.Trim()) is not ("TLS" or "TLS-C" or "SSL" or "TLS-P"))
        {
            await connection.ReplyAsync(FtpReplyCode.NotImplementedForParameter, "Unsupported AUTH type; use AUTH TLS.").ConfigureAwait(false);
            return;
        }

        await connection.ReplyAsync(FtpReplyCode.SecurityExchangeOk, "Proceed with negotiation.").ConfigureAwait(false);
        await connection.UpgradeToTlsAsync().ConfigureAwait(false);
    }
}
