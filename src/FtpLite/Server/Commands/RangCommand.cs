using System.Globalization;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>RANG start end (draft-bryan-ftpext-hash): the byte range, inclusive, the next HASH covers.</summary>
internal sealed class RangCommand() : FtpCommandHandler("RANG")
{
    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var parts = request.Argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            && start <= end)
        {
            connection.Session.Hash.Range = (start, end);
            return connection.ReplyAsync(FtpReplyCode.PendingFurtherInformation, string.Create(CultureInfo.InvariantCulture, $"Restarting at {start}. Ending byte at {end}."));
        }

        if (parts is ["1", "0"])
        {
            // "RANG 1 0" resets the range.
            connection.Session.Hash.Range = null;
            return connection.ReplyAsync(FtpReplyCode.PendingFurtherInformation, "Range reset.");
        }

        return connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, "RANG takes a start and an end byte.");
    }
}
