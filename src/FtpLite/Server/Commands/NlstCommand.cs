using FtpLite.Server.Listings;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>NLST: names only.</summary>
internal sealed class NlstCommand() : FtpCommandHandler("NLST")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (await Listing.ResolveAsync(connection, request.Argument, cancellationToken).ConfigureAwait(false) is not { } listing)
        {
            return;
        }

        await Listing.SendAsync(connection, listing.Path, listing.Entries, entry => entry.Name).ConfigureAwait(false);
    }
}
