using FtpLite.Server.Listings;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>MLST (RFC 3659): the facts of one entry, on the control connection.</summary>
internal sealed class MlstCommand() : FtpCommandHandler("MLST")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var path = connection.ResolvePath(request.Argument);
        if (path is null)
        {
            await connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, FtpReplyText.InvalidPath).ConfigureAwait(false);
            return;
        }

        var entry = await connection.FileSystem.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            await connection.ReplyAsync(FtpReplyCode.FileUnavailable, FtpReplyText.NoSuchFile).ConfigureAwait(false);
            return;
        }

        await connection.ReplyAsync(FtpReplyCode.FileActionOk, ["Listing " + path, ListingFormatter.MlsxFacts(entry, connection.Session.Login.CanWrite) + " " + path, "End"]).ConfigureAwait(false);
    }
}
