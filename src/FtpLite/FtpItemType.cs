namespace FtpLite;

/// <summary>What a remote entry is.</summary>
public enum FtpItemType
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link whose target kind the listing does not tell.</summary>
    Link,
}
