using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using FtpLite.Protocol;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Tab completion of remote paths, from the session -Session gives (whatever expression gives it) or the
/// default session: lists the directory typed so far and offers the entries that start with the rest. Gives up
/// quietly after a short wait. Names are completed exactly, for parameters that take them literally
/// (-LiteralPath, -Destination); <see cref="RemotePatternCompleter"/> escapes them for -Path.
/// </summary>
public class RemotePathCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    /// <summary>True when the parameter takes wildcards, so a name's wildcard characters are escaped.</summary>
    private protected virtual bool EscapeWildcards => false;

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var session = SessionOf(commandAst, fakeBoundParameters) ?? SessionStore.Default;
        if (session is null || !session.Client.IsConnected)
        {
            return [];
        }

        var word = wordToComplete.Trim('\'', '"');
        if (EscapeWildcards)
        {
            // What was typed is a pattern: 'odd `[1' means the folder or name "odd [1".
            word = WildcardPattern.Unescape(word);
        }

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

    /// <summary>
    /// The session -Session names: its bound value when PowerShell could work it out, otherwise the value of the
    /// expression typed for it ($sessions[1], (Get-FtpLiteSession -Name work), ...), as the command would when run.
    /// </summary>
    private static FtpLiteSession? SessionOf(CommandAst commandAst, IDictionary? fakeBoundParameters)
    {
        if (fakeBoundParameters?["Session"] is { } bound && Unwrap(bound) is FtpLiteSession known)
        {
            return known;
        }

        var elements = commandAst.CommandElements;
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i] is not CommandParameterAst parameter
                || !"Session".StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase) || parameter.ParameterName.Length < 2)
            {
                continue;
            }

            var argument = parameter.Argument ?? (i + 1 < elements.Count && elements[i + 1] is not CommandParameterAst ? elements[i + 1] : null);
            if (argument is null)
            {
                return null;
            }

            try
            {
                var values = ScriptBlock.Create(argument.Extent.Text).Invoke();
                return values.Count == 1 && Unwrap(values[0]) is FtpLiteSession given ? given : null;
            }
            catch (Exception ex) when (ex is RuntimeException or ParseException)
            {
                return null;
            }
        }

        return null;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private CompletionResult ToResult(string directory, FtpItem item)
    {
        var name = EscapeWildcards ? WildcardPattern.Escape(item.Name) : item.Name;
        var text = (EscapeWildcards ? WildcardPattern.Escape(directory) : directory) + name + (item.IsDirectory ? "/" : string.Empty);
        // Quoted whenever PowerShell would read the bare word otherwise, backtick escapes included (unquoted, the
        // parser would take the backticks away before the cmdlet sees them).
        var quoted = text.IndexOfAny([' ', '\'', '$', '`', '(', ')', '{', '}', ';', ',', '&', '@', '#', '"', '|', '<', '>']) >= 0
            ? "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'"
            : text;
        return new CompletionResult(quoted, item.Name + (item.IsDirectory ? "/" : string.Empty),
            item.IsDirectory ? CompletionResultType.ProviderContainer : CompletionResultType.ProviderItem,
            FtpPath.Combine(directory.Length == 0 ? "." : directory, item.Name));
    }
}
