using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using FtpLite.Protocol;

namespace FtpLite.Server.Accounts;

/// <summary>
/// The account file: JSON with a version, groups and users, keyed by name. Reading checks everything a login will
/// need, so a bad edit is refused whole, with the file, line and field named, and a running server keeps the last
/// good accounts. Writing replaces the file in one step (written beside it, then renamed), so a reader never
/// sees half a file.
/// </summary>
public sealed class FtpAccountFile
{
    /// <summary>The format this build reads and writes.</summary>
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new FtpRightsJsonConverter() },
    };

    /// <summary>The format version; a file of another version is refused rather than misread.</summary>
    [JsonPropertyName("version")]
    public int Version { get; set; } = CurrentVersion;

    /// <summary>Groups by name.</summary>
    [JsonPropertyName("groups")]
    public Dictionary<string, FtpAccountGroup> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Users by login name.</summary>
    [JsonPropertyName("users")]
    public Dictionary<string, FtpAccount> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Reads and checks a file; a missing file is an empty one.</summary>
    /// <exception cref="FormatException">The file is not a valid account file; the message names the place and the fix.</exception>
    public static FtpAccountFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new FtpAccountFile();
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Parse(stream, path);
    }

    /// <summary>Reads and checks an account file's content; <paramref name="name"/> is what messages call it.</summary>
    public static FtpAccountFile Parse(Stream content, string name)
    {
        FtpAccountFile? file;
        try
        {
            file = JsonSerializer.Deserialize<FtpAccountFile>(content, Json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" line {line + 1}" : string.Empty;
            throw new FormatException($"{name}{where}: {ex.Message}", ex);
        }

        if (file is null)
        {
            throw new FormatException($"{name}: the file holds null; an account file is an object with \"version\", \"groups\" and \"users\".");
        }

        file.Check(name);
        return file;
    }

    /// <summary>Writes the file atomically, creating its folder.</summary>
    public void Save(string path)
    {
        Check(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, this, Json);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // Password hashes are for the server's eyes only.
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The user with this name, or null.</summary>
    public FtpAccount? FindUser(string name) => Users.TryGetValue(name, out var user) ? user : null;

    private void Check(string name)
    {
        if (Version != CurrentVersion)
        {
            throw new FormatException($"{name}: version {Version} is not one this FtpLite reads ({CurrentVersion}); upgrade FtpLite or write a version {CurrentVersion} file.");
        }

        Groups ??= new(StringComparer.Ordinal);
        Users ??= new(StringComparer.Ordinal);
        foreach (var (groupName, group) in Groups)
        {
            if (group is null)
            {
                throw new FormatException($"{name}: group '{groupName}' is null; give it an object, even an empty one.");
            }

            group.Name = groupName;
            CheckSettings(group, $"{name}: group '{groupName}'");
        }

        foreach (var (userName, user) in Users)
        {
            var where = $"{name}: user '{userName}'";
            if (user is null)
            {
                throw new FormatException($"{where} is null; give it an object with at least \"password\" and \"home\".");
            }

            user.Name = userName;
            if (string.IsNullOrWhiteSpace(userName) || userName.Any(char.IsControl) || userName.Contains(' ', StringComparison.Ordinal) || FtpAuthenticator.IsAnonymousName(userName))
            {
                throw new FormatException($"{where}: not a login name (empty, a space, a control character, or 'anonymous'/'ftp'); choose another name.");
            }

            if (!FtpPasswordHash.IsValid(user.PasswordHash))
            {
                throw new FormatException($"{where}: \"password\" is not a pbkdf2-sha256 hash with at least {FtpPasswordHash.MinimumIterations} iterations; set it with Set-FtpLiteAccount -Credential.");
            }

            FtpAccountGroup? group = null;
            if (user.Group is not null && !Groups.TryGetValue(user.Group, out group))
            {
                throw new FormatException($"{where}: group '{user.Group}' is not in the file; add it under \"groups\" or remove \"group\".");
            }

            if ((user.Home ?? group?.Home) is null)
            {
                throw new FormatException($"{where}: no \"home\" folder, and none from a group; give the folder that is the user's \"/\".");
            }

            CheckSettings(user, where);
        }
    }

    private static void CheckSettings(FtpAccountSettings settings, string where)
    {
        if (settings.Home is { } home && !Path.IsPathFullyQualified(home))
        {
            throw new FormatException($"{where}: \"home\" '{home}' is not a full path; give the folder's full local path.");
        }

        foreach (var path in settings.Rights?.Keys ?? Enumerable.Empty<string>())
        {
            if (!IsVirtualPath(path))
            {
                throw new FormatException($"{where}: rights path '{path}' is not an absolute, normalised virtual path such as \"/\" or \"/in\".");
            }
        }

        foreach (var (virtualPath, local) in settings.Mounts ?? [])
        {
            if (!IsVirtualPath(virtualPath) || virtualPath == FtpPath.Root)
            {
                throw new FormatException($"{where}: mount '{virtualPath}' is not a virtual path below \"/\" such as \"/shared\".");
            }

            if (string.IsNullOrEmpty(local) || !Path.IsPathFullyQualified(local))
            {
                throw new FormatException($"{where}: mount '{virtualPath}' points at '{local}', which is not a full local path.");
            }
        }

        if (settings.QuotaBytes < 0 || settings.QuotaFiles < 0 || settings.BandwidthBytesPerSecond <= 0)
        {
            throw new FormatException($"{where}: quotas are 0 or more and a bandwidth limit more than 0 bytes per second; remove the setting for no limit.");
        }

        foreach (var address in settings.AllowedAddresses ?? [])
        {
            if (!TryParseNetwork(address, out _))
            {
                throw new FormatException($"{where}: allowed address '{address}' is neither an IP address nor a network such as \"10.0.0.0/8\".");
            }
        }
    }

    /// <summary>An address ("192.0.2.7") or a network ("192.0.2.0/24", "2001:db8::/32").</summary>
    internal static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (text is null)
        {
            return false;
        }

        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    private static bool IsVirtualPath(string path) => FtpPath.ResolveRemote(FtpPath.Root, path) == path;
}
