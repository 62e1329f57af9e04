using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>PASS: completes the login begun by USER.</summary>
internal sealed class PassCommand() : FtpCommandHandler("PASS")
{
    public override CommandRules Rules => CommandRules.BeforeLogin;

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        if (connection.IsLoggedIn)
        {
            await connection.ReplyAsync(FtpReplyCode.LoggedIn, FtpReplyText.AlreadyLoggedIn).ConfigureAwait(false);
            return;
        }

        var user = connection.Session.Login.PendingUserName;
        if (user is null)
        {
            await connection.ReplyAsync(FtpReplyCode.BadSequence, "Login with USER first.").ConfigureAwait(false);
            return;
        }

        connection.Session.Login.PendingUserName = null;
        var address = connection.RemoteEndPoint.Address;
        if (connection.Server.Defender.BanRemaining(address) is { } ban)
        {
            // Banned meanwhile by guesses on other connections: not even the right password gets in from here.
            connection.Close();
            await connection.ReplyAsync(FtpReplyCode.ServiceNotAvailable, $"Too many failed logins: your address is banned for {FtpServer.BanText(ban)}.").ConfigureAwait(false);
            return;
        }

        if (connection.Server.Authenticator.TryLogin(user, request.Argument, address, out var canWrite, out var fileSystem, out var refusal))
        {
            connection.Login(user, canWrite, fileSystem);
            await connection.ReplyAsync(FtpReplyCode.LoggedIn, "Login successful.").ConfigureAwait(false);
            return;
        }

        // Slow every guess down, more for an address or account that keeps failing; ban an address that
        // fails too often; drop the connection after a few, as vsftpd and pyftpdlib do.
        var failures = connection.Session.Login.CountFailure();
        var (delay, banned) = connection.Server.Defender.RecordFailure(address, user);
        connection.LogLoginFailure(user, $"Login of '{user}' from {connection.RemoteEndPoint} failed ({failures}){(refusal is null ? string.Empty : ": " + refusal)}.");
        if (banned)
        {
            connection.Log(FtpServerEventKind.Banned,
                $"{connection.RemoteEndPoint.Address} banned for {FtpServer.BanText(connection.Options.LoginBanDuration)} after {connection.Options.LoginBanThreshold} failed logins.");
        }

        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        if (banned)
        {
            connection.Close();
            await connection.ReplyAsync(FtpReplyCode.ServiceNotAvailable, $"Too many failed logins: your address is banned for {FtpServer.BanText(connection.Options.LoginBanDuration)}.").ConfigureAwait(false);
            return;
        }

        if (failures >= connection.Options.MaxLoginFailures)
        {
            connection.Close();
            await connection.ReplyAsync(FtpReplyCode.ServiceNotAvailable, "Too many failed logins; closing control connection.").ConfigureAwait(false);
            return;
        }

        await connection.ReplyAsync(FtpReplyCode.NotLoggedIn, "Login incorrect.").ConfigureAwait(false);
    }
}
