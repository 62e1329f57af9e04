namespace FtpLite.Server.Commands;

/// <summary>PASS: completes the login begun by USER.</summary>
internal sealed class PassCommand() : FtpCommandHandler("PASS")
{
    public override bool RequiresLogin => false;

    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        if (connection.IsLoggedIn)
        {
            await connection.ReplyAsync(230, "Already logged in.").ConfigureAwait(false);
            return;
        }

        var user = connection.PendingUserName;
        if (user is null)
        {
            await connection.ReplyAsync(503, "Login with USER first.").ConfigureAwait(false);
            return;
        }

        connection.PendingUserName = null;
        if (connection.Server.Authenticator.TryLogin(user, argument, out var canWrite))
        {
            connection.Login(user, canWrite);
            await connection.ReplyAsync(230, "Login successful.").ConfigureAwait(false);
            return;
        }

        connection.Log(FtpServerEventKind.LoginFailed, $"Login of '{user}' from {connection.RemoteEndPoint} failed.");
        await connection.ReplyAsync(530, "Login incorrect.").ConfigureAwait(false);
    }
}
