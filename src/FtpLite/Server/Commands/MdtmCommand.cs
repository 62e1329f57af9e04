using System.Globalization;

namespace FtpLite.Server.Commands;

/// <summary>MDTM (RFC 3659): a file's modification time in UTC.</summary>
internal sealed class MdtmCommand() : FtpCommandHandler("MDTM")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        if (await PathArgument.ResolveFileAsync(connection, argument, cancellationToken).ConfigureAwait(false) is { } file)
        {
            await connection.ReplyAsync(213, file.Entry.LastWriteTimeUtc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }
    }
}
