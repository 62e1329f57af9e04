namespace FtpLite.Server.CommandTable;

/// <summary>What a command's argument must be before the command runs.</summary>
internal enum ArgumentRule
{
    /// <summary>None is used (anything sent is ignored, as before: clients send "PWD " and the like).</summary>
    None,

    /// <summary>The handler reads it, if any.</summary>
    Optional,

    /// <summary>A path, resolved against the working directory (<see cref="FtpRequest.Path"/>): 501 when missing, 553 when not a valid path.</summary>
    Path,

    /// <summary>A path to an existing plain file (<see cref="FtpRequest.Entry"/>): as Path, then 550 when missing or not a plain file.</summary>
    ExistingFile,
}

/// <summary>
/// What a command needs, declared by its handler and checked once, in this order, by the dispatcher
/// (<see cref="CommandPreconditions"/>), as pyftpdlib's proto_cmds table is. Per-user rights are not here: they
/// depend on the resolved path and on what is there, which only the (per-user) file system knows.
/// </summary>
internal sealed record CommandRules
{
    /// <summary>A logged-in user, a free argument, no write.</summary>
    public static CommandRules Default { get; } = new();

    /// <summary>Allowed before login (USER, PASS, AUTH, FEAT...).</summary>
    public static CommandRules BeforeLogin { get; } = new() { NeedsLogin = false };

    /// <summary>False for the few commands allowed before login (530 otherwise).</summary>
    public bool NeedsLogin { get; init; } = true;

    /// <summary>Runs at once while a transfer runs (ABOR, STAT); every other command waits for the transfer, as RFC 959 orders.</summary>
    public bool DuringTransfer { get; init; }

    /// <summary>RNFR and RNTO: the path RNFR set survives this command; any other command drops it.</summary>
    public bool KeepsRenameFrom { get; init; }

    /// <summary>RNTO: takes RNFR's path (<see cref="FtpRequest.RenameFrom"/>); 503 unless RNFR came just before.</summary>
    public bool TakesRenameFrom { get; init; }

    /// <summary>RETR, STOR, APPE: takes the REST offset (<see cref="FtpRequest.RestartOffset"/>), which is reset whatever happens.</summary>
    public bool TakesRestartOffset { get; init; }

    /// <summary>HASH: takes the RANG range (<see cref="FtpRequest.HashRange"/>), which is reset whatever happens.</summary>
    public bool TakesHashRange { get; init; }

    public ArgumentRule Argument { get; init; } = ArgumentRule.Optional;

    /// <summary>Changes files: 550 for a user without write permission (checked before the path is resolved).</summary>
    public bool Writes { get; init; }
}
