using System.Management.Automation;
using FtpLite.PowerShell.Internal;

namespace FtpLite.PowerShell.Cmdlets;

/// <summary>
/// <para type="synopsis">Removes users from an FtpLite account file; their home folders and files stay.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "FtpLiteAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveFtpLiteAccountCommand : FtpLiteCmdlet
{
    /// <summary>The account file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The users to remove.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = AccountFiles.Resolve(this, Path);
        if (AccountFiles.Load(this, path) is not { } file)
        {
            return;
        }

        var changed = false;
        foreach (var name in Name)
        {
            if (!file.Users.ContainsKey(name))
            {
                WriteError(AccountFiles.NotFound(name, path));
                continue;
            }

            if (ShouldProcess($"{name} in {path}", "Remove FtpLite account"))
            {
                changed |= file.Users.Remove(name);
            }
        }

        if (changed)
        {
            AccountFiles.Save(this, file, path, Name);
        }
    }
}
