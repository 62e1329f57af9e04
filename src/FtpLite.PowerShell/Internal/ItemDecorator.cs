namespace FtpLite.PowerShell.Internal;

/// <summary>Attaches the session to each output item, so a later cmdlet in the pipeline uses the same one.</summary>
internal static class ItemDecorator
{
    /// <remarks>
    /// The item's Session property binds to -Session by property name. Cheaper than a note property on every
    /// item of a large listing.
    /// </remarks>
    public static FtpItem WithSession(FtpItem item, FtpLiteSession session)
    {
        item.Session = session;
        return item;
    }
}
