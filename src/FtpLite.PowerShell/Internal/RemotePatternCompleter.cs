namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Tab completion for a remote -Path, which takes wildcards: a name's wildcard characters are escaped, as
/// PowerShell's own completer does for Get-Item -Path ('odd `[1`].log'), so the completed path names that file.
/// </summary>
public sealed class RemotePatternCompleter : RemotePathCompleter
{
    /// <inheritdoc />
    private protected override bool EscapeWildcards => true;
}
