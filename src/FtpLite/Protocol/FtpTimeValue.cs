using System.Globalization;

namespace FtpLite.Protocol;

/// <summary>The time-val of RFC 3659 (MDTM, MLSx modify facts) and MFMT: <c>YYYYMMDDHHMMSS[.sss]</c>, always UTC.</summary>
public static class FtpTimeValue
{
    // Any fraction the draft allows, down to the 100 ns a DateTime holds.
    private static readonly string[] Formats =
    [
        "yyyyMMddHHmmss", "yyyyMMddHHmmss.f", "yyyyMMddHHmmss.ff", "yyyyMMddHHmmss.fff",
        "yyyyMMddHHmmss.ffff", "yyyyMMddHHmmss.fffff", "yyyyMMddHHmmss.ffffff", "yyyyMMddHHmmss.fffffff",
    ];

    /// <summary>The UTC time a time-val names; null when it is not one (surrounding blanks are allowed).</summary>
    public static DateTime? Parse(string value) =>
        DateTime.TryParseExact(value.Trim(), Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc)
            : null;

    /// <summary>Formats a UTC time, with milliseconds only when it has any (servers that read only whole seconds get them).</summary>
    public static string Format(DateTime utc) =>
        utc.ToString(utc.Millisecond == 0 ? "yyyyMMddHHmmss" : "yyyyMMddHHmmss.fff", CultureInfo.InvariantCulture);
}
