using System.Collections;
using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>
/// [Credential] for a PSCredential[] parameter. PowerShell's own CredentialAttribute only handles a single
/// value: given an array it tries to read the whole array as a user name and fails. This one transforms each
/// element on its own, so a user name still prompts for its password and credentials pass through.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CredentialArrayAttribute : ArgumentTransformationAttribute
{
    private static readonly CredentialAttribute Single = new();

    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is null)
        {
            // -Credential $null means no users, as with a single [Credential] parameter: never a prompt.
            return null;
        }

        if (value is string or PSCredential || value is not IEnumerable items)
        {
            return Single.Transform(engineIntrinsics, inputData);
        }

        var credentials = new List<object?>();
        foreach (var item in items)
        {
            credentials.Add(Single.Transform(engineIntrinsics, item));
        }

        return credentials.ToArray();
    }
}
