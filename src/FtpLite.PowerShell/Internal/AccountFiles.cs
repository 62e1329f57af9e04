using System.Collections;
using System.Management.Automation;
using FtpLite.Server.Accounts;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Reading and writing account files for the account cmdlets: errors with stable ids that name the file and the
/// fix, and accounts written to the pipeline with the file's path, so they pipe on to Set/Remove-FtpLiteAccount.
/// </summary>
internal static class AccountFiles
{
    /// <summary>The full path of an account file (it need not exist yet).</summary>
    public static string Resolve(PSCmdlet cmdlet, string path) => LocalPaths.ResolveDestination(cmdlet.SessionState, path);

    /// <summary>Reads an account file, or writes an error and returns null.</summary>
    public static FtpAccountFile? Load(PSCmdlet cmdlet, string path)
    {
        try
        {
            return FtpAccountFile.Load(path);
        }
        catch (FormatException ex)
        {
            cmdlet.WriteError(new ErrorRecord(ex, FtpLiteErrors.InvalidAccountFile, ErrorCategory.InvalidData, path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cmdlet.WriteError(new ErrorRecord(ex, FtpLiteErrors.InvalidAccountFile, ErrorCategory.ReadError, path));
        }

        return null;
    }

    /// <summary>Writes an account file; false after writing an error (the file on disk stays as it was).</summary>
    public static bool Save(PSCmdlet cmdlet, FtpAccountFile file, string path, object target)
    {
        try
        {
            file.Save(path);
            return true;
        }
        catch (FormatException ex)
        {
            cmdlet.WriteError(new ErrorRecord(ex, FtpLiteErrors.InvalidAccountSetting, ErrorCategory.InvalidArgument, target));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cmdlet.WriteError(new ErrorRecord(ex, FtpLiteErrors.CannotWriteAccountFile, ErrorCategory.WriteError, path));
        }

        return false;
    }

    /// <summary>The account as the pipeline sees it: with a Path property naming its file.</summary>
    public static PSObject ToOutput(FtpAccount account, string path)
    {
        var output = new PSObject(account);
        output.Properties.Add(new PSNoteProperty("Path", path));
        return output;
    }

    public static ErrorRecord NotFound(string name, string path) => FtpLiteErrors.Create(FtpLiteErrors.AccountNotFound, ErrorCategory.ObjectNotFound,
        $"There is no user '{name}' in {path}. Get-FtpLiteAccount -Path '{path}' lists the users there.", name);

    /// <summary>A hashtable of virtual path → value, as -PathRights and -Mount take them.</summary>
    public static Dictionary<string, T> ToDictionary<T>(Hashtable table, Func<object?, T> convert)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            result[entry.Key.ToString()!] = convert(entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value);
        }

        return result;
    }
}
