using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>USER: names the user; every name gets 331, so replies never reveal which users exist.</summary>
internal sealed class UserCommand() : FtpCommandHandler("USER")
{
    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (connection.IsLoggedIn)
        {
            return connection.ReplyAsync(FtpReplyCode.NotLoggedIn, FtpReplyText.AlreadyLoggedIn);
        }

        if (request.Argument.Length == 0)
        {
            return connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, "USER needs a user name.");
        }

        if (connection.Options.RequireTls && !connection.IsTls)
        {
            return connection.ReplyAsync(FtpReplyCode.NotLoggedIn, "This server requires encryption: use AUTH TLS first.");
        }

        connection.Session.Login.PendingUserName = request.Argument;
        return connection.ReplyAsync(FtpReplyCode.NeedPassword, FtpAuthenticator.IsAnonymousName(request.Argument)
            ? "Anonymous login ok, send your e-mail address as password."
            : "Please specify the password.");
    }
}
