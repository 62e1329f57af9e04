using FtpLite.FileSystem;

namespace FtpLite.Server.CommandTable;

/// <summary>
/// One command as the dispatcher hands it to its handler, with what the command's rules made of it. A struct: every
/// command makes one, and most are answered at once.
/// </summary>
/// <param name="Verb">The verb, upper case.</param>
/// <param name="Argument">Everything after the first space, as sent.</param>
internal readonly record struct FtpRequest(string Verb, string Argument)
{
    /// <summary>The resolved path, for <see cref="ArgumentRule.Path"/> and <see cref="ArgumentRule.ExistingFile"/>.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The file, for <see cref="ArgumentRule.ExistingFile"/>.</summary>
    public FtpFileSystemEntry? Entry { get; init; }

    /// <summary>RNFR's path, for <see cref="CommandRules.TakesRenameFrom"/>.</summary>
    public string? RenameFrom { get; init; }

    /// <summary>The REST offset, for <see cref="CommandRules.TakesRestartOffset"/>.</summary>
    public long RestartOffset { get; init; }

    /// <summary>The RANG range, for <see cref="CommandRules.TakesHashRange"/>.</summary>
    public (long Start, long End)? HashRange { get; init; }
}
