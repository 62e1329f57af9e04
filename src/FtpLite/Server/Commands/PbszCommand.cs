using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>PBSZ (RFC 4217): only 0 makes sense for TLS.</summary>
internal sealed class PbszCommand() : FtpCommandHandler("PBSZ")
{
    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (!connection.IsTls)
        {
            return connection.ReplyAsync(FtpReplyCode.BadSequence, "PBSZ needs AUTH TLS first.");
        }

        connection.Session.Tls.BufferSizeSet = true;
        return connection.ReplyAsync(FtpReplyCode.Ok, "PBSZ=0");
    }
}
