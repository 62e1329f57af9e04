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
            return connection.ReplyAsync(530, "Already logged in.");
        }

        if (request.Argument.Length == 0)
        {
            return connection.ReplyAsync(501, "USER needs a user name.");
        }

        if (connection.Options.RequireTls && !connection.IsTls)
        {
            return connection.ReplyAsync(530, "This server requires encryption: use AUTH TLS first.");
        }

        connection.Session.Login.PendingUserName = request.Argument;
        return connection.ReplyAsync(331, FtpAuthenticator.IsAnonymousName(request.Argument)
            ? "Anonymous login ok, send your e-mail address as password."
            : "Please specify the password.");
    }
}
