using System.Globalization;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>MDTM (RFC 3659): a file's modification time in UTC.</summary>
internal sealed class MdtmCommand() : FtpCommandHandler("MDTM")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.ExistingFile };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        await connection.ReplyAsync(FtpReplyCode.FileStatus, request.Entry!.LastWriteTimeUtc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)).ConfigureAwait(false);
    }
}
