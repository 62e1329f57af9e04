using System.Globalization;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>REST (RFC 3659 stream mode): the byte offset at which the next RETR or STOR starts.</summary>
internal sealed class RestCommand() : FtpCommandHandler("REST")
{
    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (!long.TryParse(request.Argument.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, "REST needs a non-negative byte offset.");
        }

        connection.Session.RestartOffset = offset;
        return connection.ReplyAsync(FtpReplyCode.PendingFurtherInformation, string.Create(CultureInfo.InvariantCulture, $"Restart position accepted ({offset})."));
    }
}
