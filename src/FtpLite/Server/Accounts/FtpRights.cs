namespace FtpLite.Server.Accounts;

/// <summary>
/// What an account may do under a path (the names follow SFTPGo's per-path permissions). A right is checked
/// for the path a command resolves to, by the session's file system, so no command handler can forget one.
/// </summary>
[Flags]
public enum FtpRights
{
    /// <summary>Nothing: the path is closed.</summary>
    None = 0,

    /// <summary>LIST, NLST, MLSD, STAT of a folder; also the facts of a file (SIZE, MDTM, MLST), which a listing shows anyway.</summary>
    List = 1,

    /// <summary>RETR and HASH; also SIZE, MDTM and MLST of a file.</summary>
    Download = 2,

    /// <summary>STOR or APPE of a new file.</summary>
    Upload = 4,

    /// <summary>STOR, APPE or MFMT on an existing file; RNTO onto an existing file.</summary>
    Overwrite = 8,

    /// <summary>DELE and RMD.</summary>
    Delete = 16,

    /// <summary>RNFR and RNTO (both paths need it).</summary>
    Rename = 32,

    /// <summary>MKD.</summary>
    CreateFolder = 64,

    /// <summary>List and Download: a distribution point.</summary>
    ReadOnly = List | Download,

    /// <summary>Upload only: a drop box whose files cannot be seen, fetched or replaced.</summary>
    DropBox = Upload,

    /// <summary>Everything.</summary>
    All = List | Download | Upload | Overwrite | Delete | Rename | CreateFolder,
}
