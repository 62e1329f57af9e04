namespace FtpLite.FileSystem;

/// <summary>
/// What an FTP server serves. Every path handed in is a normalised absolute remote path ("/", "/a/b"):
/// the server resolves and clamps client input first. An implementation reports failures as
/// <see cref="FtpFileSystemException"/>, from its calls and from the streams it returns (a full disk during an
/// upload is InsufficientStorage); anything else becomes a generic 451 for the client. What only some file
/// systems can do is asked through optional interfaces (<see cref="IFtpZeroCopyFileSystem"/>,
/// <see cref="IFtpStaleUploadCleanup"/>, <see cref="IFtpLocalFolder"/>), never guessed from types.
/// </summary>
public interface IFtpFileSystem
{
    /// <summary>Describes one entry; null when nothing is at <paramref name="path"/>.</summary>
    ValueTask<FtpFileSystemEntry?> GetEntryAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Streams a directory's entries, without "." and "..", as they are read: an implementation holds no more
    /// than a page of them (one ListObjectsV2 page, one directory read), so a folder of a million files lists in
    /// bounded memory. What is wrong with the directory itself (missing, not a directory, access denied) is thrown
    /// by the call or by the first MoveNextAsync at the latest: the server reads the first entry before it opens
    /// the data connection, so the client gets a 550 rather than an empty listing. The order is the store's own.
    /// </summary>
    IAsyncEnumerable<FtpFileSystemEntry> ListAsync(string directory, CancellationToken cancellationToken);

    /// <summary>Opens a file for reading, positioned at <paramref name="offset"/>.</summary>
    ValueTask<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken);

    /// <summary>
    /// Starts writing a file. Disposing the upload uncommitted discards it, leaving the old file as it was.
    /// With <paramref name="append"/> the new bytes follow the existing file; with an <paramref name="offset"/>
    /// they replace everything from that byte on. A new or replaced file is invisible under
    /// <paramref name="path"/> until committed; an append may show its bytes growing meanwhile. The server calls
    /// this only once the data connection is open, so the work it does is paid for by a real transfer.
    /// </summary>
    ValueTask<IFtpUpload> BeginUploadAsync(string path, long offset, bool append, CancellationToken cancellationToken);

    /// <summary>Deletes a file.</summary>
    ValueTask DeleteFileAsync(string path, CancellationToken cancellationToken);

    /// <summary>Creates a directory whose parent exists.</summary>
    ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken);

    /// <summary>Deletes an empty directory.</summary>
    ValueTask DeleteDirectoryAsync(string path, CancellationToken cancellationToken);

    /// <summary>Renames or moves a file or directory; an existing file at the target is replaced.</summary>
    ValueTask RenameAsync(string path, string newPath, CancellationToken cancellationToken);

    /// <summary>Sets the modification time of an existing file or directory (MFMT).</summary>
    ValueTask SetLastWriteTimeAsync(string path, DateTime lastWriteTimeUtc, CancellationToken cancellationToken);
}

/// <summary>
/// An upload in progress: write to <see cref="Stream"/>, then commit or dispose. A committed upload stays open
/// until the server knows whether the client took the transfer's final reply: then it is disposed (the commit
/// stands) or, when the client vanished before reading that reply, reverted first.
/// </summary>
public interface IFtpUpload : IAsyncDisposable
{
    /// <summary>Where the uploaded bytes go.</summary>
    Stream Stream { get; }

    /// <summary>Makes the complete file visible under its name, replacing any file there.</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes a commit back: the name holds again what it held before (or nothing), unless something else has
    /// changed it since the commit. Returns false when nothing was taken back; a file system that cannot take a
    /// commit back keeps this default.
    /// </summary>
    ValueTask<bool> RevertAsync(CancellationToken cancellationToken) => ValueTask.FromResult(false);
}

/// <summary>One file or directory as a file system describes it.</summary>
/// <param name="Name">The name within its directory.</param>
/// <param name="IsDirectory">True for a directory.</param>
/// <param name="Length">Size in bytes (0 for directories).</param>
/// <param name="LastWriteTimeUtc">Modification time.</param>
/// <param name="UnixMode">Permission bits (e.g. 0644) where the file system has them.</param>
public sealed record FtpFileSystemEntry(string Name, bool IsDirectory, long Length, DateTime LastWriteTimeUtc, int? UnixMode = null);
