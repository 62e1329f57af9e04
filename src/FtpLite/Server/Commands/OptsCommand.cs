namespace FtpLite.Server.Commands;

/// <summary>OPTS: "UTF8 ON" must get 200 (some clients stop otherwise); MLST fact selection is accepted.</summary>
internal sealed class OptsCommand() : FtpCommandHandler("OPTS")
{
    public override bool RequiresLogin => false;

    public override Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        var option = argument.Trim().ToUpperInvariant();
        if (option is "UTF8 ON" or "UTF8" or "UTF-8 ON")
        {
            return connection.ReplyAsync(200, "Always in UTF8 mode.");
        }

        if (option.StartsWith("MLST", StringComparison.Ordinal))
        {
            return connection.ReplyAsync(200, "MLST OPTS type;size;modify;perm;");
        }

        return connection.ReplyAsync(501, "Option not understood.");
    }
}
