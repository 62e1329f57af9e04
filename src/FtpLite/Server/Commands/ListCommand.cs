using FtpLite.Server.Listings;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>LIST: "ls -l" style lines, the format every client can read.</summary>
internal sealed class ListCommand() : FtpCommandHandler("LIST")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (await Listing.ResolveAsync(connection, request.Argument, cancellationToken).ConfigureAwait(false) is not { } listing)
        {
            return;
        }

        var now = DateTime.UtcNow;
        await Listing.SendAsync(connection, listing.Path, listing.Entries, entry => ListingFormatter.Unix(entry, now)).ConfigureAwait(false);
    }
}
