namespace FtpLite.Server.CommandTable;

/// <summary>
/// Checks a command's <see cref="CommandRules"/> (after the dispatcher has let any transfer end): login, the
/// one-shot state it takes (RNFR's path, REST, RANG: each lives for one command, whatever its outcome), then its argument. Replies and returns null when the command
/// may not run.
/// </summary>
internal static class CommandPreconditions
{
    // A ValueTask: most commands pass without waiting, and a Task of a request would be one more object per command.
    public static async ValueTask<FtpRequest?> CheckAsync(FtpConnection connection, CommandRules rules, FtpRequest request, CancellationToken cancellationToken)
    {
        var session = connection.Session;
        if (rules.NeedsLogin && !connection.IsLoggedIn)
        {
            await connection.ReplyAsync(FtpReplyCode.NotLoggedIn, FtpReplyText.PleaseLogin).ConfigureAwait(false);
            return null;
        }

        if (rules.TakesRenameFrom)
        {
            request = request with { RenameFrom = session.RenameFrom };
        }

        if (!rules.KeepsRenameFrom)
        {
            // RNFR's path lives for exactly one following command.
            session.RenameFrom = null;
        }

        if (rules.TakesRestartOffset)
        {
            request = request with { RestartOffset = session.RestartOffset };
            session.RestartOffset = 0;
        }

        if (rules.TakesHashRange)
        {
            request = request with { HashRange = session.Hash.Range };
            session.Hash.Range = null;
        }

        if (rules.TakesRenameFrom && request.RenameFrom is null)
        {
            await connection.ReplyAsync(FtpReplyCode.BadSequence, "RNFR required first.").ConfigureAwait(false);
            return null;
        }

        if (rules.Argument is not (ArgumentRule.Path or ArgumentRule.ExistingFile))
        {
            return request;
        }

        var path = await ResolvePathAsync(connection, request.Argument, rules.Writes).ConfigureAwait(false);
        if (path is null)
        {
            return null;
        }

        request = request with { Path = path };
        if (rules.Argument == ArgumentRule.Path)
        {
            return request;
        }

        var entry = await connection.FileSystem.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is not { IsDirectory: false })
        {
            await connection.ReplyAsync(FtpReplyCode.FileUnavailable, entry is null ? FtpReplyText.NoSuchFile : FtpReplyText.NotAPlainFile).ConfigureAwait(false);
            return null;
        }

        return request with { Entry = entry };
    }

    /// <summary>
    /// A client path: present (501), writable where needed (550), valid (553). The resolved path, or null after
    /// replying why there is none. For commands whose path is not the whole argument (MFMT).
    /// </summary>
    public static async Task<string?> ResolvePathAsync(FtpConnection connection, string argument, bool write)
    {
        if (argument.Length == 0)
        {
            await connection.ReplyAsync(FtpReplyCode.SyntaxErrorInArguments, FtpReplyText.SyntaxErrorInArguments).ConfigureAwait(false);
            return null;
        }

        if (write && !connection.Session.Login.CanWrite)
        {
            await connection.ReplyAsync(FtpReplyCode.FileUnavailable, FtpReplyText.PermissionDenied).ConfigureAwait(false);
            return null;
        }

        var path = connection.ResolvePath(argument);
        if (path is null)
        {
            await connection.ReplyAsync(FtpReplyCode.FileNameNotAllowed, FtpReplyText.FileNameNotAllowed).ConfigureAwait(false);
        }

        return path;
    }
}
