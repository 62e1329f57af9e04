using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>PROT (RFC 4217): P encrypts data connections, C leaves them clear (refused under RequireTls).</summary>
internal sealed class ProtCommand() : FtpCommandHandler("PROT")
{
    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (!connection.IsTls)
        {
            return connection.ReplyAsync(FtpReplyCode.BadSequence, "PROT needs AUTH TLS first.");
        }

        switch (AsciiVerb.Normalize(request.Argument.Trim()))
        {
            case "P":
                connection.Session.Tls.ProtectData = true;
                return connection.ReplyAsync(FtpReplyCode.Ok, "PROT now Private.");
            case "C" when connection.Options.RequireTls:
                return connection.ReplyAsync(FtpReplyCode.PolicyRefused, "Data connections must be encrypted here.");
            case "C":
                connection.Session.Tls.ProtectData = false;
                return connection.ReplyAsync(FtpReplyCode.Ok, "PROT now Clear.");
            default:
                return connection.ReplyAsync(FtpReplyCode.NotImplementedForParameter, "PROT must be C or P.");
        }
    }
}
