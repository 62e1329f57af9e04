namespace FtpLite;

/// <summary>A file's hash, shaped like Get-FileHash's output (Algorithm, Hash, Path).</summary>
/// <param name="Algorithm">SHA256, SHA1, MD5 or CRC32, as Get-FileHash names them.</param>
/// <param name="Hash">Upper-case hexadecimal, as Get-FileHash writes it.</param>
/// <param name="Path">The file's path.</param>
public sealed record FtpFileHash(string Algorithm, string Hash, string Path);
