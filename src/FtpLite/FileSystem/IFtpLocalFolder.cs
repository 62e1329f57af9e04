namespace FtpLite.FileSystem;

/// <summary>A file system that serves a folder of the local machine, which the server reports as its root.</summary>
public interface IFtpLocalFolder
{
    /// <summary>The real physical path of the served folder.</summary>
    string Root { get; }
}
