using System.Text;
using FtpLite.Protocol;

namespace FtpLite.FileSystem.S3;

/// <summary>
/// Maps remote paths to object keys under a prefix: the file "/a/b" is the key "PREFIX" + "a/b", the folder "/a"
/// is every key under "PREFIX" + "a/", and an empty folder is the marker object "PREFIX" + "a/" itself. The
/// prefix cannot be left: a path is normalised and absolute before it gets here, and "." or ".." segments from
/// keys written by other tools are never listed.
/// </summary>
internal sealed class S3Keys
{
    /// <summary>S3's longest key, in UTF-8 bytes.</summary>
    private const int MaxKeyBytes = 1024;

    public S3Keys(string prefix)
    {
        var trimmed = prefix.Trim('/');
        Prefix = trimmed.Length == 0 ? string.Empty : trimmed + "/";
    }

    /// <summary>The prefix that is "/", empty or ending in '/'.</summary>
    public string Prefix { get; }

    /// <summary>The key of the file at <paramref name="path"/>.</summary>
    public string File(string path) => Prefix + path.TrimStart('/');

    /// <summary>The prefix of everything in the folder at <paramref name="path"/>, which is also its marker's key.</summary>
    public string Folder(string path) => path == FtpPath.Root ? Prefix : Prefix + path.Trim('/') + "/";

    /// <summary>The remote path of <paramref name="key"/>, a key under this prefix.</summary>
    public string PathOf(string key) => "/" + key[Prefix.Length..].TrimEnd('/');

    /// <summary>
    /// Refuses a name the store would mangle or a client could not address: backslashes and control characters
    /// (as on disk), and keys longer than S3 allows.
    /// </summary>
    public void Validate(string path)
    {
        var name = FtpPath.GetName(path);
        if (!IsListable(name) || Encoding.UTF8.GetByteCount(Folder(path)) > MaxKeyBytes)
        {
            throw new FtpFileSystemException(FtpFileSystemError.InvalidName, path);
        }
    }

    /// <summary>
    /// Orders keys as the store does, by their UTF-8 bytes, which is code-point order: UTF-16 order except that
    /// characters above U+FFFF (surrogate pairs) sort after U+E000..U+FFFF.
    /// </summary>
    public static int CompareKeys(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return CodePointRank(a[i]) - CodePointRank(b[i]);
            }
        }

        return a.Length - b.Length;
    }

    private static int CodePointRank(char c) => char.IsSurrogate(c) ? c + 0x2000 : c >= '\uE000' ? c - 0x800 : c;

    /// <summary>A name found in the store that the server can show and address.</summary>
    public static bool IsListable(string name)
    {
        if (name.Length == 0 || name == "." || name == ".." || name.Contains('\\', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
