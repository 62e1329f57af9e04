using System.Management.Automation;
using FtpLite.Client;
using FtpLite.Protocol;

namespace FtpLite.PowerShell.Internal;

/// <summary>Expands PowerShell wildcards in the last segment of a remote path against a listing.</summary>
internal static class RemotePaths
{
    public static bool HasWildcards(string path) => WildcardPattern.ContainsWildcardCharacters(FtpPath.GetName(path));

    /// <summary>
    /// The one rule for '\' in remote paths, in every cmdlet: in a path typed for -Path (or -Destination,
    /// -NewName) it separates, as '/' does, so a Windows user's '\www\site\' reaches /www/site/. A -LiteralPath,
    /// and an item piped from Get-FtpLiteItem, is taken exactly: on a Unix server '\' may be part of a name.
    /// </summary>
    public static string AsTyped(string path, bool literal) => literal ? path : path.Replace('\\', '/');

    /// <inheritdoc cref="AsTyped(string, bool)"/>
    public static IEnumerable<string> AsTyped(IEnumerable<string> paths, bool literal) => paths.Select(path => AsTyped(path, literal));

    /// <summary>
    /// A -Path without wildcards names one item, with its escapes (`[, `]) undone, as Get-Item -Path has it: tab
    /// completion writes 'odd `[1`].log' for the file odd [1].log. A -LiteralPath is exact already.
    /// </summary>
    public static string Exact(string path, bool literal) => literal ? path : WildcardPattern.Unescape(path);

    /// <summary>The items whose names match the pattern; an empty list when none do, as Get-ChildItem has it.</summary>
    public static async Task<IReadOnlyList<FtpItem>> ExpandAsync(FtpClient client, string path, CancellationToken cancellationToken)
    {
        var fullPath = client.GetFullPath(path);
        var pattern = new WildcardPattern(FtpPath.GetName(path), WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        var parent = WildcardPattern.Unescape(FtpPath.GetParent(fullPath));
        var items = await client.ListDirectoryAsync(parent, cancellationToken).ConfigureAwait(false);
        return [.. items.Where(item => pattern.IsMatch(item.Name))];
    }
}
