namespace FtpLite.IO;

/// <summary>Recognises OS error codes that .NET reports only as a plain <see cref="IOException"/>.</summary>
internal static class DiskErrors
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int Enametoolong = 36;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    public static bool IsDiskFull(IOException exception) =>
        exception.HResult is Enospc or Edquot or WindowsDiskFull or WindowsHandleDiskFull
        || exception.InnerException is IOException inner && IsDiskFull(inner);

    public static bool IsNameTooLong(IOException exception) => exception.HResult == Enametoolong;
}
