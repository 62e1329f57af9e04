using System.Collections;
using System.Management.Automation;
using FtpLite.Server.Accounts;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// The settings New-FtpLiteAccount and Set-FtpLiteAccount share, and how they apply to an account: only the
/// parameters given change anything, so Set-FtpLiteAccount touches nothing else.
/// </summary>
public abstract class FtpLiteAccountCmdlet : FtpLiteCmdlet
{
    /// <summary>The account file (JSON); created by New-FtpLiteAccount if missing.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The local folder that is the user's "/".</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Home { get; set; }

    /// <summary>The group whose defaults the user inherits.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Group { get; set; }

    /// <summary>Rights at "/": e.g. All, ReadOnly, DropBox, or "List, Download, Upload".</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public FtpRights? Rights { get; set; }

    /// <summary>Rights for other virtual paths, e.g. @{ '/in' = 'DropBox'; '/out' = 'ReadOnly' }.</summary>
    [Parameter]
    public Hashtable? PathRights { get; set; }

    /// <summary>Extra local folders at virtual paths, e.g. @{ '/shared' = '/srv/ftp/shared' }.</summary>
    [Parameter]
    public Hashtable? Mount { get; set; }

    /// <summary>Most bytes the user's home may hold; 0 or more.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? QuotaBytes { get; set; }

    /// <summary>Most files the user's home may hold.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? QuotaFiles { get; set; }

    /// <summary>Bytes per second each transfer of the user may move.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long? BandwidthBytesPerSecond { get; set; }

    /// <summary>Addresses or networks (CIDR) the user may log in from.</summary>
    [Parameter]
    public string[]? AllowedAddress { get; set; }

    /// <summary>A disabled user cannot log in; -Disabled:$false enables the user again.</summary>
    [Parameter]
    public SwitchParameter Disabled { get; set; }

    /// <summary>When the account stops working (local time unless the value says otherwise).</summary>
    [Parameter]
    public DateTime? Expires { get; set; }

    /// <summary>Applies the given parameters to <paramref name="account"/>.</summary>
    internal void Apply(FtpAccount account)
    {
        var given = MyInvocation.BoundParameters;
        if (Home is not null)
        {
            account.Home = LocalPaths.ResolveDestination(SessionState, Home);
        }

        if (given.ContainsKey(nameof(Group)))
        {
            account.Group = string.IsNullOrEmpty(Group) ? null : Group;
        }

        if (Rights is { } rights)
        {
            (account.Rights ??= new(StringComparer.Ordinal))["/"] = rights;
        }

        if (PathRights is not null)
        {
            account.Rights ??= new(StringComparer.Ordinal);
            foreach (var (path, value) in AccountFiles.ToDictionary(PathRights, ToRights))
            {
                account.Rights[path] = value;
            }
        }

        if (Mount is not null)
        {
            account.Mounts = AccountFiles.ToDictionary(Mount, value => LocalPaths.ResolveDestination(SessionState, value?.ToString() ?? string.Empty));
        }

        account.QuotaBytes = given.ContainsKey(nameof(QuotaBytes)) ? QuotaBytes : account.QuotaBytes;
        account.QuotaFiles = given.ContainsKey(nameof(QuotaFiles)) ? QuotaFiles : account.QuotaFiles;
        account.BandwidthBytesPerSecond = given.ContainsKey(nameof(BandwidthBytesPerSecond)) ? BandwidthBytesPerSecond : account.BandwidthBytesPerSecond;
        account.AllowedAddresses = AllowedAddress is null ? account.AllowedAddresses : [.. AllowedAddress];
        account.Disabled = given.ContainsKey(nameof(Disabled)) ? Disabled.IsPresent : account.Disabled;
        account.ExpiresUtc = given.ContainsKey(nameof(Expires)) ? Expires?.ToUniversalTime() : account.ExpiresUtc;
    }

    private static FtpRights ToRights(object? value) => value switch
    {
        FtpRights rights => rights,
        string text => Enum.Parse<FtpRights>(text, ignoreCase: true),
        IEnumerable names => ((IEnumerable)names).Cast<object>().Aggregate(FtpRights.None, (all, name) => all | ToRights(name is PSObject p ? p.BaseObject : name)),
        _ => throw new ArgumentException($"'{value}' is not a right; use {string.Join(", ", Enum.GetNames<FtpRights>())}."),
    };
}
