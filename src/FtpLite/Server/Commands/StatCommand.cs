using System.Globalization;

namespace FtpLite.Server.Commands;

/// <summary>STAT: the session's status, or with a path a listing sent over the control connection.</summary>
internal sealed class StatCommand() : FtpCommandHandler("STAT")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        if (argument.Trim().Length == 0)
        {
            await connection.ReplyAsync(211,
            [
                "FtpLite status:",
                $"Connected from {connection.RemoteEndPoint}",
                $"Logged in as {connection.UserName}",
                $"TYPE: {(connection.BinaryMode ? "BINARY" : "ASCII")}",
                string.Create(CultureInfo.InvariantCulture, $"Connections: {connection.Server.ConnectionCount}"),
                "End of status",
            ]).ConfigureAwait(false);
            return;
        }

        var listing = await Listing.ResolveAsync(connection, argument, cancellationToken).ConfigureAwait(false);
        if (listing is null)
        {
            return;
        }

        var now = DateTime.UtcNow;
        var lines = new List<string> { "Status follows:" };
        lines.AddRange(listing.Value.Entries.Select(entry => ListingFormatter.Unix(entry, now)));
        lines.Add("End of status");
        await connection.ReplyAsync(213, lines).ConfigureAwait(false);
    }
}
