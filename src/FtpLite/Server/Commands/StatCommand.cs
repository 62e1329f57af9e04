using FtpLite.Server.Listings;
using System.Globalization;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>
/// STAT: the session's status, or with a path a listing sent over the control connection. That listing is
/// capped, as pure-ftpd (-L) and proftpd (ListOptions maxfiles) cap theirs: a reply on the control connection
/// is held by the server for as long as the client does not read it.
/// </summary>
internal sealed class StatCommand() : FtpCommandHandler("STAT")
{
    public override CommandRules Rules { get; } = new() { DuringTransfer = true };

    /// <summary>The most entries one STAT reply shows (about 300 KiB of reply at most).</summary>
    public const int MaxEntries = 1000;

    /// <summary>
    /// The most entries one STAT reads, shown or counted: past it the reply says "more than". Counting a huge
    /// folder would read all of it (on S3 a request per 1,000 keys: 100 for 100,000 objects) to say one number.
    /// </summary>
    public const int MaxRead = 10 * MaxEntries;

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (connection.Transfers.IsRunning)
        {
            await connection.ReplyAsync(FtpReplyCode.FileStatus, "Data transfer in progress.").ConfigureAwait(false);
            return;
        }

        if (request.Argument.Trim().Length == 0)
        {
            await connection.ReplyAsync(FtpReplyCode.SystemStatus,
            [
                "FtpLite status:",
                $"Connected from {connection.RemoteEndPoint}",
                $"Logged in as {connection.UserName}",
                $"TYPE: {(connection.Session.Data.BinaryMode ? "BINARY" : "ASCII")}",
                string.Create(CultureInfo.InvariantCulture, $"Connections: {connection.Server.ConnectionCount}"),
                "End of status",
            ]).ConfigureAwait(false);
            return;
        }

        var listing = await Listing.ResolveAsync(connection, request.Argument, cancellationToken).ConfigureAwait(false);
        if (listing is null)
        {
            return;
        }

        List<string> lines;
        await using (listing.Value.Entries.ConfigureAwait(false))
        {
            lines = await StatusLinesAsync(listing.Value.Entries, cancellationToken).ConfigureAwait(false);
        }

        await connection.ReplyAsync(FtpReplyCode.FileStatus, lines).ConfigureAwait(false);
    }

    /// <summary>
    /// At most <see cref="MaxEntries"/> lines; the entries beyond are only counted, as they stream past, so the
    /// reply a client that never reads holds is all the memory a STAT of a huge folder keeps. Reading stops at
    /// <see cref="MaxRead"/> entries, so its time is bounded too.
    /// </summary>
    private static async Task<List<string>> StatusLinesAsync(ListingEntries entries, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var lines = new List<string> { "Status follows:" };
        var more = 0;
        var read = 0;
        await foreach (var entry in entries.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (++read > MaxRead)
            {
                break;
            }

            if (lines.Count <= MaxEntries)
            {
                lines.Add(ListingFormatter.Unix(entry, now));
            }
            else
            {
                more++;
            }
        }

        if (read > MaxRead)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"... and more than {more} more entries not shown here (STAT stops counting at {MaxRead}): use LIST or MLSD."));
        }
        else if (more > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"... and {more} more entries not shown here: use LIST or MLSD."));
        }

        lines.Add("End of status");
        return lines;
    }
}
