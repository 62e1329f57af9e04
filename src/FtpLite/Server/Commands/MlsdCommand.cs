using FtpLite.Server.Listings;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>MLSD (RFC 3659): machine-readable facts for each entry of a directory.</summary>
internal sealed class MlsdCommand() : FtpCommandHandler("MLSD")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (await Listing.ResolveAsync(connection, request.Argument, cancellationToken, directoryOnly: true).ConfigureAwait(false) is not { } listing)
        {
            return;
        }

        var canWrite = connection.Session.Login.CanWrite;
        await Listing.SendAsync(connection, listing.Path, listing.Entries, entry => ListingFormatter.Mlsd(entry, canWrite)).ConfigureAwait(false);
    }
}
