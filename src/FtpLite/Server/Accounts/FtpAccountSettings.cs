using System.Text.Json.Serialization;

namespace FtpLite.Server.Accounts;

/// <summary>
/// What a user and a group can both set. A user's own value wins; what it leaves unset (null) comes from its
/// group; rights and mounts merge path by path, the user's entry winning for the same path.
/// </summary>
public abstract class FtpAccountSettings
{
    /// <summary>
    /// The local folder that is the user's "/". In a group, "{user}" stands for the user's name
    /// (e.g. "/srv/ftp/partners/{user}").
    /// </summary>
    [JsonPropertyName("home")]
    public string? Home { get; set; }

    /// <summary>Rights per virtual path ("/", "/in"); the longest path that contains a target decides.</summary>
    [JsonPropertyName("rights")]
    public Dictionary<string, FtpRights>? Rights { get; set; }

    /// <summary>Extra local folders shown at virtual paths ("/shared" → "/srv/ftp/shared").</summary>
    [JsonPropertyName("mounts")]
    public Dictionary<string, string>? Mounts { get; set; }

    /// <summary>Most bytes the user's files may take; null for no limit.</summary>
    [JsonPropertyName("quotaBytes")]
    public long? QuotaBytes { get; set; }

    /// <summary>Most files the user may keep; null for no limit.</summary>
    [JsonPropertyName("quotaFiles")]
    public long? QuotaFiles { get; set; }

    /// <summary>Bytes per second each transfer of the user may move, up or down; null for no limit.</summary>
    [JsonPropertyName("bandwidthBytesPerSecond")]
    public long? BandwidthBytesPerSecond { get; set; }

    /// <summary>Addresses or networks (CIDR, "10.0.0.0/8") the user may log in from; null or empty for any.</summary>
    [JsonPropertyName("allowedAddresses")]
    public List<string>? AllowedAddresses { get; set; }
}

/// <summary>Defaults shared by the users that name this group.</summary>
public sealed class FtpAccountGroup : FtpAccountSettings
{
    /// <summary>The group's name (its key in the account file).</summary>
    [JsonIgnore]
    public string Name { get; set; } = string.Empty;
}

/// <summary>One user in an account file.</summary>
public sealed class FtpAccount : FtpAccountSettings
{
    /// <summary>The login name (its key in the account file).</summary>
    [JsonIgnore]
    public string Name { get; set; } = string.Empty;

    /// <summary>The password as a <see cref="FtpPasswordHash"/> ("pbkdf2-sha256$…"); never the password itself.</summary>
    [JsonPropertyName("password")]
    public string PasswordHash { get; set; } = string.Empty;

    /// <summary>The group whose defaults the user inherits; null for none.</summary>
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    /// <summary>A disabled user cannot log in; the account and its files stay.</summary>
    [JsonPropertyName("disabled")]
    public bool Disabled { get; set; }

    /// <summary>From this moment (UTC) the user cannot log in; null never expires.</summary>
    [JsonPropertyName("expires")]
    public DateTime? ExpiresUtc { get; set; }
}
