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

        await connection.ReplyAsync(FtpReplyCode.FileStatus, StatusLines(listing.Value.Entries)).ConfigureAwait(false);
    }

    /// <summary>
    /// At most <see cref="MaxEntries"/> lines. Only these survive into the reply, so the folder's full entry list
    /// is garbage as soon as they are made, even while a client that never reads holds the reply.
    /// </summary>
    private static List<string> StatusLines(IReadOnlyList<FileSystem.FtpFileSystemEntry> entries)
    {
        var now = DateTime.UtcNow;
        var lines = new List<string>(Math.Min(entries.Count, MaxEntries) + 3) { "Status follows:" };
        lines.AddRange(entries.Take(MaxEntries).Select(entry => ListingFormatter.Unix(entry, now)));
        if (entries.Count > MaxEntries)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"... and {entries.Count - MaxEntries} more entries not shown here: use LIST or MLSD."));
        }

        lines.Add("End of status");
        return lines;
    }
}
