using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using FtpLite.Protocol;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Tab completion of remote paths, from -Session or the default session: lists the directory typed so far
/// and offers the entries that start with the rest. Gives up quietly after a short wait.
/// </summary>
public sealed class RemotePathCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var session = (fakeBoundParameters?["Session"] is { } bound ? (bound as PSObject)?.BaseObject ?? bound : null) as FtpLiteSession
            ?? SessionStore.Default;
        if (session is null || !session.Client.IsConnected)
        {
            return [];
        }

        var word = wordToComplete.Trim('\'', '"');
        var slash = word.LastIndexOf('/');
        var directory = slash < 0 ? string.Empty : word[..(slash + 1)];
        var prefix = slash < 0 ? word : word[(slash + 1)..];
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            var items = session.Client.ListDirectoryAsync(directory.Length == 0 ? "." : directory, timeout.Token).GetAwaiter().GetResult();
            return [.. items
                .Where(item => item.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(item => item.Name, StringComparer.OrdinalIgnoreCase)
                .Select(item => ToResult(directory, item))];
        }
        catch (Exception ex) when (ex is FtpException or OperationCanceledException or IOException or ArgumentException)
        {
            return [];
        }
    }

    private static CompletionResult ToResult(string directory, FtpItem item)
    {
        var text = directory + item.Name + (item.IsDirectory ? "/" : string.Empty);
        var quoted = text.IndexOfAny([' ', '\'', '$', '`', '(', ')', '{', '}', ';', ',', '&', '@', '#']) >= 0
            ? "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'"
            : text;
        return new CompletionResult(quoted, item.Name + (item.IsDirectory ? "/" : string.Empty),
            item.IsDirectory ? CompletionResultType.ProviderContainer : CompletionResultType.ProviderItem,
            FtpPath.Combine(directory.Length == 0 ? "." : directory, item.Name));
    }
}
