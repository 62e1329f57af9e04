using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>
/// TYPE: I (binary, the default: files travel as stored) or A (ASCII: line ends become CRLF on the wire and LF
/// on disk, as RFC 959 says). Other types and formats get 504.
/// </summary>
internal sealed class TypeCommand() : FtpCommandHandler("TYPE")
{
    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        switch (AsciiVerb.Normalize(request.Argument.Trim()))
        {
            case "I":
            case "L 8":
                connection.Session.Data.BinaryMode = true;
                return connection.ReplyAsync(FtpReplyCode.Ok, "Switching to Binary mode.");
            case "A":
            case "A N":
                connection.Session.Data.BinaryMode = false;
                return connection.ReplyAsync(FtpReplyCode.Ok, "Switching to ASCII mode.");
            default:
                return connection.ReplyAsync(FtpReplyCode.NotImplementedForParameter, "Unrecognised TYPE command.");
        }
    }
}
