namespace FtpLite.Server;

/// <summary>Reply texts that more than one place sends, written once.</summary>
internal static class FtpReplyText
{
    public const string NoSuchFile = "No such file or directory.";
    public const string PermissionDenied = "Permission denied.";
    public const string NotAPlainFile = "Not a plain file.";
    public const string FileNameNotAllowed = "File name not allowed.";
    public const string InvalidPath = "Invalid path.";
    public const string SyntaxErrorInArguments = "Syntax error in parameters or arguments.";
    public const string LocalError = "Local error in processing.";
    public const string PleaseLogin = "Please login with USER and PASS.";
    public const string TransferComplete = "Transfer complete.";
    public const string AlreadyLoggedIn = "Already logged in.";
    public const string DirectoryChanged = "Directory successfully changed.";
    public const string NetworkProtocolNotSupported = "Network protocol not supported, use (1,2).";
    public const string IllegalEprt = "Illegal EPRT command.";
}
