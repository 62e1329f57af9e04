using System.Management.Automation;
using FtpLite.PowerShell.Internal;
using FtpLite.Server.Accounts;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists the users of an FtpLite account file (never their passwords).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FtpLiteAccount")]
[OutputType(typeof(FtpAccount))]
public sealed class GetFtpLiteAccountCommand : FtpLiteCmdlet
{
    /// <summary>The account file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Only these users; wildcards allowed.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = AccountFiles.Resolve(this, Path);
        if (AccountFiles.Load(this, path) is not { } file)
        {
            return;
        }

        var patterns = (Name ?? ["*"]).Select(name => (Name: name, Pattern: WildcardPattern.Get(name, WildcardOptions.IgnoreCase))).ToList();
        foreach (var account in file.Users.Values.OrderBy(user => user.Name, StringComparer.Ordinal))
        {
            if (patterns.Any(p => p.Pattern.IsMatch(account.Name)))
            {
                WriteObject(AccountFiles.ToOutput(account, path));
            }
        }

        foreach (var (name, _) in patterns.Where(p => !WildcardPattern.ContainsWildcardCharacters(p.Name) && !file.Users.ContainsKey(p.Name)))
        {
            WriteError(AccountFiles.NotFound(name, path));
        }
    }
}
