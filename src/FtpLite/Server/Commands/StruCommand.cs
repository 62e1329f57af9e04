using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>STRU: only file structure.</summary>
internal sealed class StruCommand() : FtpCommandHandler("STRU")
{
    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken) =>
        request.Argument.Trim().Equals("F", StringComparison.OrdinalIgnoreCase)
            ? connection.ReplyAsync(FtpReplyCode.Ok, "Structure set to F.")
            : connection.ReplyAsync(FtpReplyCode.NotImplementedForParameter, "Bad STRU command.");
}
