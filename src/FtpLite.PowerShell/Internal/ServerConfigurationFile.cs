using System.Management.Automation;
using System.Management.Automation.Language;

namespace FtpLite.PowerShell.Internal;

/// <summary>One setting read from a configuration file: its key as written, its constant value, and its line.</summary>
internal sealed record ConfigurationSetting(string Key, object? Value, int Line);

/// <summary>A configuration file that cannot be used; the message names the file, the line and the setting.</summary>
internal sealed class ServerConfigurationException(string errorId, ErrorCategory category, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string ErrorId { get; } = errorId;

    public ErrorCategory Category { get; } = category;
}

/// <summary>
/// Reads a server configuration file (a PowerShell data file: one hashtable of constants) with the PowerShell
/// parser, as Import-PowerShellDataFile does: nothing in it ever runs, so a configuration file cannot be a script.
/// Each value is read on its own so that an error can name its key and line.
/// </summary>
internal static class ServerConfigurationFile
{
    public static IReadOnlyList<ConfigurationSetting> Read(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new ServerConfigurationException(FtpLiteErrors.ConfigurationUnreadable, ErrorCategory.ObjectNotFound,
                $"The configuration file '{path}' does not exist. Give the path of a .psd1 file to -ConfigurationPath.");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ServerConfigurationException(FtpLiteErrors.ConfigurationUnreadable, ErrorCategory.ReadError,
                $"Cannot read the configuration file '{path}': {ex.Message} Check its permissions (the server's account must be able to read it).", ex);
        }

        var ast = Parser.ParseInput(text, path, out _, out var errors);
        if (errors.Length > 0)
        {
            var first = errors[0];
            throw Syntax(path, first.Extent.StartLineNumber, $"{first.Message} The file must hold one hashtable: @{{ Port = 21; Root = '/srv/ftp' }}.");
        }

        if (ast.BeginBlock is not null || ast.ProcessBlock is not null || ast.ParamBlock is not null
            || ast.EndBlock?.Statements is not [PipelineAst pipeline] || pipeline.GetPureExpression() is not HashtableAst table)
        {
            var line = ast.EndBlock?.Statements is [var statement, ..] ? statement.Extent.StartLineNumber : 1;
            throw Syntax(path, line, "The file must hold one hashtable and nothing else: @{ Port = 21; Root = '/srv/ftp' }.");
        }

        var settings = new List<ConfigurationSetting>();
        foreach (var (keyAst, valueAst) in table.KeyValuePairs)
        {
            var line = keyAst.Extent.StartLineNumber;
            if (keyAst is not StringConstantExpressionAst { Value: var key })
            {
                throw Syntax(path, line, $"The key {keyAst.Extent.Text} is not a name: write settings as Name = value.");
            }

            object? value;
            try
            {
                // Constants, arrays and hashtables of constants only, as Import-PowerShellDataFile allows.
                value = valueAst.SafeGetValue();
            }
            catch (InvalidOperationException)
            {
                throw Syntax(path, valueAst.Extent.StartLineNumber,
                    $"The value of '{key}' ({valueAst.Extent.Text}) is not a constant: a configuration file holds strings, numbers, $true/$false and arrays of them, never commands or variables.");
            }

            settings.Add(new ConfigurationSetting(key, value, line));
        }

        return settings;
    }

    /// <summary>"file, line N: setting 'Key': problem" — the start of every message about one setting.</summary>
    public static string Where(string path, int line, string key) => $"{path}, line {line}: setting '{key}'";

    private static ServerConfigurationException Syntax(string path, int line, string message) =>
        new(FtpLiteErrors.ConfigurationSyntaxError, ErrorCategory.ParserError, $"{path}, line {line}: {message}");
}
