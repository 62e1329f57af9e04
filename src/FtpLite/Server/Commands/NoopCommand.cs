using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>NOOP: keeps the connection alive.</summary>
internal sealed class NoopCommand() : FtpCommandHandler("NOOP")
{
    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken) =>
        connection.ReplyAsync(FtpReplyCode.Ok, "NOOP ok.");
}
