namespace FtpLite.Server;

/// <summary>
/// Upper-cases command words by ASCII rules only. Unicode upper-casing turns "ſyst" (long s) into "SYST" and
/// "ı" into "I", so a filter or log that matches verbs would see one command and the server run another.
/// </summary>
internal static class AsciiVerb
{
    /// <summary>The verb in upper case; anything that is not ASCII stays as it is, so it matches no command.</summary>
    public static string Normalize(string word) => string.Create(word.Length, word, static (span, source) => Normalize(source, span));

    /// <summary>The same, written into <paramref name="upper"/> (as long as <paramref name="word"/>).</summary>
    public static void Normalize(ReadOnlySpan<char> word, Span<char> upper)
    {
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            upper[i] = char.IsAsciiLetterLower(c) ? (char)(c - ('a' - 'A')) : c;
        }
    }
}
