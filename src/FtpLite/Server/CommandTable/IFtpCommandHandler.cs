namespace FtpLite.Server.CommandTable;

/// <summary>Answers one FTP command (and its aliases, such as XPWD for PWD).</summary>
internal interface IFtpCommandHandler
{
    /// <summary>The verbs this handler answers, upper case.</summary>
    IReadOnlyList<string> Verbs { get; }

    /// <summary>What the command needs before it runs; the dispatcher checks it (<see cref="CommandPreconditions"/>).</summary>
    CommandRules Rules { get; }

    /// <summary>Runs the command once its rules are met. Replies go through the connection.</summary>
    Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken);
}

/// <summary>A handler; by default it needs a logged-in user and takes an optional argument it reads itself.</summary>
internal abstract class FtpCommandHandler(params string[] verbs) : IFtpCommandHandler
{
    public IReadOnlyList<string> Verbs { get; } = verbs;

    public virtual CommandRules Rules => CommandRules.Default;

    public abstract Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken);
}
