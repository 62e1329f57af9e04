using System.Management.Automation;
using FtpLite.PowerShell.Internal;
using FtpLite.Server.Accounts;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Changes users in an FtpLite account file: password, home, rights, limits, disabled, expiry.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "FtpLiteAccount", SupportsShouldProcess = true)]
[OutputType(typeof(FtpAccount))]
public sealed class SetFtpLiteAccountCommand : FtpLiteAccountCmdlet
{
    /// <summary>The user to change; taken from -Credential when not given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>A new password (the user name names the user when -Name is not given).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Output the changed account.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = AccountFiles.Resolve(this, Path);
        var name = Name ?? (Credential is null || Credential == PSCredential.Empty ? null : Credential.UserName);
        if (name is null)
        {
            WriteError(FtpLiteErrors.Create(FtpLiteErrors.AccountNameMissing, ErrorCategory.InvalidArgument,
                "Name the user to change with -Name, or give -Credential with the user's name and new password.", null));
            return;
        }

        if (AccountFiles.Load(this, path) is not { } file)
        {
            return;
        }

        if (file.FindUser(name) is not { } account)
        {
            WriteError(AccountFiles.NotFound(name, path));
            return;
        }

        if (!ShouldProcess($"{name} in {path}", "Change FtpLite account"))
        {
            return;
        }

        try
        {
            Apply(account);
            if (Credential is not null && Credential != PSCredential.Empty)
            {
                account.PasswordHash = FtpPasswordHash.Create(Credential.GetNetworkCredential().Password);
            }
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, FtpLiteErrors.InvalidAccountSetting, ErrorCategory.InvalidArgument, name));
            return;
        }

        if (AccountFiles.Save(this, file, path, name) && PassThru)
        {
            WriteObject(AccountFiles.ToOutput(account, path));
        }
    }
}
