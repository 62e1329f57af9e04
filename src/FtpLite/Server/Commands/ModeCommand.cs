using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>MODE: only stream mode.</summary>
internal sealed class ModeCommand() : FtpCommandHandler("MODE")
{
    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken) =>
        request.Argument.Trim().Equals("S", StringComparison.OrdinalIgnoreCase)
            ? connection.ReplyAsync(FtpReplyCode.Ok, "Mode set to S.")
            : connection.ReplyAsync(FtpReplyCode.NotImplementedForParameter, "Bad MODE command.");
}
