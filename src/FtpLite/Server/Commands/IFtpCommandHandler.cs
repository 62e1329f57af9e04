namespace FtpLite.Server.Commands;

/// <summary>Answers one FTP command (and its aliases, such as XPWD for PWD).</summary>
internal interface IFtpCommandHandler
{
    /// <summary>The verbs this handler answers, upper case.</summary>
    IReadOnlyList<string> Verbs { get; }

    /// <summary>False for the few commands allowed before login.</summary>
    bool RequiresLogin { get; }

    /// <summary>Runs the command. Replies go through the connection.</summary>
    Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken);
}

/// <summary>A handler that needs a logged-in user; most do.</summary>
internal abstract class FtpCommandHandler(params string[] verbs) : IFtpCommandHandler
{
    public IReadOnlyList<string> Verbs { get; } = verbs;

    public virtual bool RequiresLogin => true;

    public abstract Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken);
}
