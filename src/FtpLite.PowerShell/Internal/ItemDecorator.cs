using System.Management.Automation;

namespace FtpLite.PowerShell.Internal;

/// <summary>Attaches the session to each output item, so a later cmdlet in the pipeline uses the same one.</summary>
internal static class ItemDecorator
{
    public static PSObject WithSession(FtpItem item, FtpLiteSession session)
    {
        var wrapped = PSObject.AsPSObject(item);
        wrapped.Properties.Add(new PSNoteProperty("Session", session));
        return wrapped;
    }
}
