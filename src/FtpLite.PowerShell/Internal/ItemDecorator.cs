namespace FtpLite.PowerShell.Internal;

/// <summary>Attaches the session to each output item, so a later cmdlet in the pipeline uses the same one.</summary>
internal static class ItemDecorator
{
    /// <remarks>
    /// The item's Source holds the session; FtpLite.Types.ps1xml shows it as the Session property, which binds
    /// to -Session by property name. Cheaper than a note property on every item of a large listing.
    /// </remarks>
    public static FtpItem WithSession(FtpItem item, FtpLiteSession session)
    {
        item.Source = session;
        return item;
    }
}
