using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>OPTS: "UTF8 ON" must get 200 (some clients stop otherwise); MLST fact selection is accepted.</summary>
internal sealed class OptsCommand() : FtpCommandHandler("OPTS")
{
    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var option = AsciiVerb.Normalize(request.Argument.Trim());
        if (option is "UTF8 ON" or "UTF8" or "UTF-8 ON")
        {
            return connection.ReplyAsync(FtpReplyCode.Ok, "Always in UTF8 mode.");
        }

        if (option == "HASH")
        {
            return connection.ReplyAsync(FtpReplyCode.Ok, connection.Session.Hash.Algorithm.WireName());
        }

        if (option.StartsWith("HASH ", StringComparison.Ordinal))
        {
            if (!FtpHashAlgorithms.TryParse(option[5..], out var algorithm))
            {
                return connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, "Unknown algorithm; use SHA-256, SHA-1, MD5 or CRC32.");
            }

            connection.Session.Hash.Algorithm = algorithm;
            return connection.ReplyAsync(FtpReplyCode.Ok, algorithm.WireName());
        }

        if (option.StartsWith("MLST", StringComparison.Ordinal))
        {
            return connection.ReplyAsync(FtpReplyCode.Ok, "MLST OPTS type;size;modify;perm;UNIX.mode;");
        }

        return connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, "Option not understood.");
    }
}
