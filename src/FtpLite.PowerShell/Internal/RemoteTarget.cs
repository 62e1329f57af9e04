namespace FtpLite.PowerShell.Internal;

/// <summary>One remote item a client cmdlet acts on, as <see cref="FtpLiteClientCmdlet.ForEachRemoteItem"/> hands it over.</summary>
/// <param name="Path">The path to give the session: relative to its working directory, or absolute.</param>
/// <param name="Listed">What a listing said of it (the match of a pattern, or the item piped in); null for a path given exactly.</param>
/// <param name="Matched">True when a wildcard pattern named it, so it is one of several the user did not name one by one.</param>
internal readonly record struct RemoteTarget(string Path, FtpItem? Listed, bool Matched);
