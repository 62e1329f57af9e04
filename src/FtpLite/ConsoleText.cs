namespace FtpLite;

/// <summary>
/// Makes text from the network safe to show on a terminal. A user or file name holding ESC can recolour,
/// retitle or rewrite an admin's console, and CR can overwrite what was shown; PowerShell 7.6 passes both to
/// the terminal as they are (its Get-ChildItem too, on Linux). Control characters are therefore shown as
/// their Unicode control pictures (ESC as ␛, CR as ␍, DEL as ␡), and C1 controls (which include the
/// one-byte CSI, U+009B) as U+FFFD.
/// </summary>
public static class ConsoleText
{
    /// <summary>Returns <paramref name="text"/> with every control character replaced by a visible one.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.AsSpan().ContainsAnyInRange('\u0000', '\u001F') && !text.AsSpan().ContainsAnyInRange('\u007F', '\u009F'))
        {
            return text ?? string.Empty;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    < '\u0020' => (char)(0x2400 + c),
                    '\u007F' => '\u2421',
                    >= '\u0080' and <= '\u009F' => '\uFFFD',
                    _ => c,
                };
            }
        });
    }
}
