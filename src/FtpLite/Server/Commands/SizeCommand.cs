using System.Globalization;

namespace FtpLite.Server.Commands;

/// <summary>SIZE (RFC 3659): the byte count of a file. Refused in ASCII mode, where it would be ambiguous.</summary>
internal sealed class SizeCommand() : FtpCommandHandler("SIZE")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        if (!connection.BinaryMode)
        {
            await connection.ReplyAsync(550, "SIZE not allowed in ASCII mode.").ConfigureAwait(false);
            return;
        }

        if (await PathArgument.ResolveFileAsync(connection, argument, cancellationToken).ConfigureAwait(false) is { } file)
        {
            await connection.ReplyAsync(213, file.Entry.Length.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        }
    }
}
