using System.Management.Automation;
using FtpLite.PowerShell.Internal;
using FtpLite.Server.Accounts;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Adds users to an FtpLite account file, with a slow salted password hash, a home folder and rights.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "FtpLiteAccount", SupportsShouldProcess = true)]
[OutputType(typeof(FtpAccount))]
public sealed class NewFtpLiteAccountCommand : FtpLiteAccountCmdlet
{
    /// <summary>The user's name and password; the password is stored only as a PBKDF2-SHA256 hash.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public PSCredential Credential { get; set; } = PSCredential.Empty;

    /// <summary>Replace a user of the same name.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = AccountFiles.Resolve(this, Path);
        var name = Credential.UserName;
        if (AccountFiles.Load(this, path) is not { } file)
        {
            return;
        }

        if (file.Users.ContainsKey(name) && !Force)
        {
            WriteError(FtpLiteErrors.Create(FtpLiteErrors.AccountExists, ErrorCategory.ResourceExists,
                $"There is already a user '{name}' in {path}. Change it with Set-FtpLiteAccount, or replace it with -Force.", name));
            return;
        }

        if (!ShouldProcess($"{name} in {path}", "Add FtpLite account"))
        {
            return;
        }

        var account = new FtpAccount { Name = name };
        try
        {
            Apply(account);
            account.PasswordHash = FtpPasswordHash.Create(Credential.GetNetworkCredential().Password);
            if (account.Home is { } home && !Directory.Exists(home))
            {
                // The home is the user's "/": a login into a missing folder would only be refused.
                Directory.CreateDirectory(home);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, FtpLiteErrors.InvalidAccountSetting, ErrorCategory.InvalidArgument, name));
            return;
        }

        file.Users[name] = account;
        if (AccountFiles.Save(this, file, path, name))
        {
            WriteObject(AccountFiles.ToOutput(account, path));
        }
    }
}
