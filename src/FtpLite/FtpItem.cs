namespace FtpLite;

/// <summary>One entry of a remote directory, as a listing or MLST describes it.</summary>
public sealed class FtpItem
{
    /// <summary>Creates an item.</summary>
    public FtpItem(string name, string fullName, FtpItemType itemType, long length, DateTime? lastWriteTimeUtc)
    {
        Name = name;
        FullName = fullName;
        ItemType = itemType;
        Length = length;
        LastWriteTimeUtc = lastWriteTimeUtc;
    }

    /// <summary>The entry's name within its directory.</summary>
    public string Name { get; }

    /// <summary>The full remote path, absolute when the directory was.</summary>
    public string FullName { get; internal set; }

    /// <summary>
    /// The path relative to the directory that was listed ("a.txt", or "sub/a.txt" in a recursive listing), so
    /// a download can recreate the layout.
    /// </summary>
    public string RelativePath
    {
        get => _relativePath ?? Name;
        internal set => _relativePath = value;
    }

    private string? _relativePath;

    /// <summary>The remote directory that holds the entry.</summary>
    public string DirectoryName => Protocol.FtpPath.GetParent(FullName);

    /// <summary>File, directory or link.</summary>
    public FtpItemType ItemType { get; }

    /// <summary>The size in bytes; 0 for directories.</summary>
    public long Length { get; }

    /// <summary>The modification time in UTC, when the server tells it.</summary>
    public DateTime? LastWriteTimeUtc { get; }

    /// <summary>The modification time in local time, when the server tells it.</summary>
    public DateTime? LastWriteTime => LastWriteTimeUtc?.ToLocalTime();

    /// <summary>Unix permissions as the server shows them (e.g. "rw-r--r--"), when it does.</summary>
    public string? Permissions { get; init; }

    /// <summary>Where a symbolic link points, when the listing tells.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>
    /// The session the item was listed through, for the caller's own use: the PowerShell module keeps its
    /// session here, which binds to -Session of the next command in a pipeline. A plain property rather than
    /// an alias in a types file: a types file costs every Import-Module about 20 ms.
    /// </summary>
    public object? Session { get; set; }

    /// <summary>True for a directory.</summary>
    public bool IsDirectory => ItemType == FtpItemType.Directory;

    /// <summary>A Get-ChildItem-like mode string: 'd' for a directory, 'l' for a link, then the permissions.</summary>
    public string Mode => (ItemType switch
    {
        FtpItemType.Directory => "d",
        FtpItemType.Link => "l",
        _ => "-",
    }) + (Permissions ?? "---------");

    /// <inheritdoc />
    public override string ToString() => FullName;
}
