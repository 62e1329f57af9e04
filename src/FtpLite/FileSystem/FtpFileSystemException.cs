namespace FtpLite.FileSystem;

/// <summary>Kinds of file-system failure, each with its own FTP reply.</summary>
public enum FtpFileSystemError
{
    /// <summary>Nothing at the path, or its parent is missing.</summary>
    NotFound,

    /// <summary>The operation is not allowed there.</summary>
    AccessDenied,

    /// <summary>Something already exists at the path.</summary>
    AlreadyExists,

    /// <summary>A directory to delete is not empty.</summary>
    NotEmpty,

    /// <summary>The name is not allowed (reserved, too long, or holds forbidden characters).</summary>
    InvalidName,

    /// <summary>No space left.</summary>
    InsufficientStorage,

    /// <summary>A file operation named a directory.</summary>
    IsADirectory,

    /// <summary>A directory operation named a file.</summary>
    NotADirectory,

    /// <summary>A FIFO, socket or device: only regular files are read or written.</summary>
    NotARegularFile,

    /// <summary>The account's quota of bytes or files would be passed (552).</summary>
    QuotaExceeded,

    /// <summary>The file changed while it was being read: it ended before the length announced for it (451).</summary>
    ChangedDuringTransfer,
}

/// <summary>A file-system operation failed in a way the client should hear about.</summary>
public sealed class FtpFileSystemException : Exception
{
    /// <summary>Creates the error.</summary>
    public FtpFileSystemException(FtpFileSystemError error, string path, Exception? innerException = null)
        : base($"{error}: {path}", innerException)
    {
        Error = error;
        Path = path;
    }

    /// <summary>What went wrong.</summary>
    public FtpFileSystemError Error { get; }

    /// <summary>The remote path it went wrong for.</summary>
    public string Path { get; }
}
