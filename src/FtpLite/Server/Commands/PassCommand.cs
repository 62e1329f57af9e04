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

        // Slow every guess down, and drop the connection after a few, as vsftpd and pyftpdlib do.
        var failures = connection.CountLoginFailure();
        connection.Log(FtpServerEventKind.LoginFailed, $"Login of '{user}' from {connection.RemoteEndPoint} failed ({failures}).");
        await Task.Delay(connection.Options.FailedLoginDelay, cancellationToken).ConfigureAwait(false);
        if (failures >= connection.Options.MaxLoginFailures)
        {
            connection.Close();
            await connection.ReplyAsync(421, "Too many failed logins; closing control connection.").ConfigureAwait(false);
            return;
        }

        await connection.ReplyAsync(530, "Login incorrect.").ConfigureAwait(false);
    }
}
