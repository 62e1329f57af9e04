using System.Globalization;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>SIZE (RFC 3659): the byte count of a file. Refused in ASCII mode, where it would be ambiguous.</summary>
internal sealed class SizeCommand() : FtpCommandHandler("SIZE")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.ExistingFile };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (!connection.Session.Data.BinaryMode)
        {
            await connection.ReplyAsync(FtpReplyCode.FileUnavailable, "SIZE not allowed in ASCII mode.").ConfigureAwait(false);
            return;
        }

        await connection.ReplyAsync(FtpReplyCode.FileStatus, request.Entry!.Length.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
    }
}
