namespace FtpLite.Server.Commands;

/// <summary>PBSZ (RFC 4217): only 0 makes sense for TLS.</summary>
internal sealed class PbszCommand() : FtpCommandHandler("PBSZ")
{
    public override bool RequiresLogin => false;

    public override Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        if (!connection.IsTls)
        {
            return connection.ReplyAsync(503, "PBSZ needs AUTH TLS first.");
        }

        connection.ProtectionBufferSizeSet = true;
        return connection.ReplyAsync(200, "PBSZ=0");
    }
}
