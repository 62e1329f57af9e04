using FtpLite.Protocol;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>
/// MFMT (draft-somers-ftp-mfxx): <c>MFMT YYYYMMDDHHMMSS[.sss] path</c> sets a file's or folder's modification
/// time, in UTC, and answers <c>213 Modify=YYYYMMDDHHMMSS[.sss]; path</c>. A write like STOR: refused without
/// write permission.
/// </summary>
internal sealed class MfmtCommand() : FtpCommandHandler("MFMT")
{
    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var space = request.Argument.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || FtpTimeValue.Parse(request.Argument[..space]) is not { } time)
        {
            await connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, "Syntax: MFMT YYYYMMDDHHMMSS[.sss] path (the time in UTC).").ConfigureAwait(false);
            return;
        }

        if (await CommandPreconditions.ResolvePathAsync(connection, request.Argument[(space + 1)..], write: true).ConfigureAwait(false) is not { } path)
        {
            return;
        }

        await connection.FileSystem.SetLastWriteTimeAsync(path, time, cancellationToken).ConfigureAwait(false);
        connection.LogChange(FtpServerChange.TimeSet, $"Set the modification time of {path}.", path);
        await connection.ReplyAsync(FtpReplyCode.FileStatus, $"Modify={FtpTimeValue.Format(time)}; {path}").ConfigureAwait(false);
    }
}
