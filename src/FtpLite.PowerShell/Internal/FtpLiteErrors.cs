using System.Management.Automation;
using FtpLite.FileSystem;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// Turns core and OS exceptions into ErrorRecords with stable ids. The ids are public contract: scripts
/// and tests match on them, so they never change once shipped.
/// </summary>
internal static class FtpLiteErrors
{
    public const string NoSession = "FtpLite.NoSession";
    public const string SessionClosed = "FtpLite.SessionClosed";
    public const string LocalFileNotFound = "FtpLite.LocalFileNotFound";
    public const string NotFileSystemPath = "FtpLite.NotFileSystemPath";
    public const string SyncDeleteThresholdExceeded = "FtpLite.SyncDeleteThresholdExceeded";
    public const string SyncPathNotUnique = "FtpLite.SyncPathNotUnique";
    public const string S3Unavailable = "FtpLite.S3Unavailable";

    /// <summary>Start-FtpLiteServer -ConfigurationPath: the file is missing or cannot be read.</summary>
    public const string ConfigurationUnreadable = "FtpLite.ConfigurationUnreadable";

    /// <summary>The configuration file is not one hashtable of constants (a parse error, a command, a variable).</summary>
    public const string ConfigurationSyntaxError = "FtpLite.ConfigurationSyntaxError";

    /// <summary>A configuration key that is not a Start-FtpLiteServer parameter.</summary>
    public const string ConfigurationUnknownSetting = "FtpLite.ConfigurationUnknownSetting";

    /// <summary>A configuration value the parameter does not take (type, range, count), or a setting given twice.</summary>
    public const string ConfigurationInvalidValue = "FtpLite.ConfigurationInvalidValue";

    /// <summary>A setting that must not live in a file (passwords), or -ConfigurationPath itself.</summary>
    public const string ConfigurationSettingNotAllowed = "FtpLite.ConfigurationSettingNotAllowed";
    public const string InvalidAccountFile = "FtpLite.InvalidAccountFile";
    public const string AccountExists = "FtpLite.AccountExists";
    public const string AccountNotFound = "FtpLite.AccountNotFound";
    public const string AccountNameMissing = "FtpLite.AccountNameMissing";
    public const string InvalidAccountSetting = "FtpLite.InvalidAccountSetting";
    public const string CannotWriteAccountFile = "FtpLite.CannotWriteAccountFile";
    public const string ServerSessionNotFound = "FtpLite.ServerSessionNotFound";

    /// <summary>Connect-FtpLite -Name: another open session has that name.</summary>
    public const string SessionNameInUse = "FtpLite.SessionNameInUse";

    /// <summary>Connect-FtpLite: an ftp:// URI that is not one, or that holds a user name.</summary>
    public const string InvalidUri = "FtpLite.InvalidUri";

    /// <summary>Something stands where the item would go (also what FtpDestinationExistsException maps to).</summary>
    public const string DestinationExists = "FtpLite.DestinationExists";

    /// <summary>Send-FtpLiteFile: a local folder given without -Recurse.</summary>
    public const string LocalItemIsDirectory = "FtpLite.LocalItemIsDirectory";

    /// <summary>Start-FtpLiteServer: -Address, -PassiveAddress or -ProxyProtocolFrom that is not an address.</summary>
    public const string InvalidAddress = "FtpLite.InvalidAddress";

    /// <summary>Start-FtpLiteServer -PassivePortRange with the last port before the first.</summary>
    public const string InvalidPortRange = "FtpLite.InvalidPortRange";

    /// <summary>Start-FtpLiteServer -Root that does not exist.</summary>
    public const string RootNotFound = "FtpLite.RootNotFound";

    /// <summary>Start-FtpLiteServer: a certificate that cannot be loaded or used (no private key, wrong password, not in the store).</summary>
    public const string InvalidCertificate = "FtpLite.InvalidCertificate";

    /// <summary>Start-FtpLiteServer -RequireTls or -ImplicitTlsPort without a certificate.</summary>
    public const string CertificateRequired = "FtpLite.CertificateRequired";

    /// <summary>Start-FtpLiteServer: the address or port cannot be bound.</summary>
    public const string CannotListen = "FtpLite.CannotListen";

    /// <summary>Start-FtpLiteServer: a configuration that would let nobody log in, or anyone in from a network.</summary>
    public const string UnsafeServerConfiguration = "FtpLite.UnsafeServerConfiguration";

    /// <summary>Start-FtpLiteServer -LogPath that cannot be written.</summary>
    public const string CannotWriteLog = "FtpLite.CannotWriteLog";

    public static ErrorRecord ToErrorRecord(Exception exception, object? target)
    {
        var (id, category) = Classify(exception);
        return ForConsole(new ErrorRecord(exception, id, category, target));
    }

    public static ErrorRecord Create(string id, ErrorCategory category, string message, object? target) =>
        ForConsole(new(new InvalidOperationException(message), id, category, target));

    /// <summary>An error for an exception under an id of its own, rather than the one <see cref="ToErrorRecord"/> would give.</summary>
    public static ErrorRecord Create(Exception exception, string id, ErrorCategory category, object? target) =>
        ForConsole(new(exception, id, category, target));

    /// <summary>
    /// The failures that end one item, not the command: the server refused it or the connection broke
    /// (FtpException), the local disk refused it (IOException, UnauthorizedAccessException), a name no file can
    /// have or a path that is not there (ArgumentException, ItemNotFoundException). Anything else is a bug or a
    /// stop (Ctrl+C), and ends the command.
    /// </summary>
    public static bool IsItemFailure(Exception exception) =>
        exception is FtpException or IOException or UnauthorizedAccessException or ArgumentException or ItemNotFoundException;

    /// <summary>
    /// Messages quote server replies and remote names: the console shows them with control characters
    /// escaped (<see cref="ConsoleText"/>), while the exception keeps the exact text for scripts.
    /// </summary>
    private static ErrorRecord ForConsole(ErrorRecord record)
    {
        var message = record.Exception.Message;
        var shown = ConsoleText.Escape(message);
        if (!ReferenceEquals(shown, message))
        {
            record.ErrorDetails = new ErrorDetails(shown);
        }

        return record;
    }

    private static (string Id, ErrorCategory Category) Classify(Exception exception) => exception switch
    {
        FtpConnectionException { Failure: FtpConnectionFailure.HostNotFound } => ("FtpLite.HostNotFound", ErrorCategory.ObjectNotFound),
        FtpConnectionException { Failure: FtpConnectionFailure.ConnectionRefused } => ("FtpLite.ConnectionRefused", ErrorCategory.ConnectionError),
        FtpConnectionException { Failure: FtpConnectionFailure.ServiceUnavailable } => ("FtpLite.ServiceUnavailable", ErrorCategory.ResourceUnavailable),
        FtpConnectionException { Failure: FtpConnectionFailure.NoGreeting } => ("FtpLite.NoGreeting", ErrorCategory.ProtocolError),
        FtpConnectionException => ("FtpLite.ConnectionLost", ErrorCategory.ConnectionError),
        FtpAuthenticationException => ("FtpLite.LoginFailed", ErrorCategory.AuthenticationError),
        FtpItemNotFoundException => ("FtpLite.RemoteItemNotFound", ErrorCategory.ObjectNotFound),
        FtpDestinationExistsException => (DestinationExists, ErrorCategory.ResourceExists),
        FtpItemTypeException => ("FtpLite.WrongItemType", ErrorCategory.InvalidArgument),
        FtpDirectoryNotEmptyException => ("FtpLite.DirectoryNotEmpty", ErrorCategory.InvalidOperation),
        FtpTimeoutException => ("FtpLite.Timeout", ErrorCategory.OperationTimeout),
        FtpSecurityException => ("FtpLite.TlsFailed", ErrorCategory.SecurityError),
        FtpProtocolException => ("FtpLite.ProtocolError", ErrorCategory.ProtocolError),
        FtpNotSupportedException => ("FtpLite.NotSupported", ErrorCategory.NotImplemented),
        FtpLimitExceededException { Limit: FtpLimit.TreeEntries } => ("FtpLite.TreeTooLarge", ErrorCategory.LimitsExceeded),
        FtpLimitExceededException { Limit: FtpLimit.TreeDepth } => ("FtpLite.TreeTooDeep", ErrorCategory.LimitsExceeded),
        FtpLimitExceededException => ("FtpLite.ListingTooLarge", ErrorCategory.LimitsExceeded),
        FtpVerificationException => ("FtpLite.VerificationFailed", ErrorCategory.InvalidResult),
        FtpCommandException { ReplyCode: 550 or 553 or 530 or 532 } => ("FtpLite.CommandRefused", ErrorCategory.PermissionDenied),
        FtpCommandException { ReplyCode: 452 or 552 } => ("FtpLite.InsufficientStorage", ErrorCategory.ResourceUnavailable),
        FtpCommandException => ("FtpLite.CommandFailed", ErrorCategory.InvalidOperation),
        FtpException => ("FtpLite.TransferFailed", ErrorCategory.InvalidResult),
        FtpFileSystemException => ("FtpLite.ServerFileSystemError", ErrorCategory.InvalidOperation),
        ItemNotFoundException or FileNotFoundException or DirectoryNotFoundException => (LocalFileNotFound, ErrorCategory.ObjectNotFound),
        UnauthorizedAccessException => ("FtpLite.LocalAccessDenied", ErrorCategory.PermissionDenied),
        IOException => ("FtpLite.LocalIOError", ErrorCategory.WriteError),
        ArgumentException => ("FtpLite.InvalidArgument", ErrorCategory.InvalidArgument),
        _ => ("FtpLite.UnexpectedError", ErrorCategory.NotSpecified),
    };
}
