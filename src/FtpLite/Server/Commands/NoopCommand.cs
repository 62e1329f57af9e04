namespace FtpLite.Server.Commands;

/// <summary>NOOP: keeps the connection alive.</summary>
internal sealed class NoopCommand() : FtpCommandHandler("NOOP")
{
    public override bool RequiresLogin => false;

    public override Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken) =>
        connection.ReplyAsync(200, "NOOP ok.");
}
