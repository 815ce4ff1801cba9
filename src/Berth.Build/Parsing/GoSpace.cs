namespace Berth.Build.Parsing;

/// <summary>Whitespace classes as the Go parser sees them.</summary>
internal static class GoSpace
{
    /// <summary>What strings.TrimSpace removes (ASCII part; enough for Dockerfiles).</summary>
    public static readonly char[] Chars = ['\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00A0'];

    public static bool IsSpace(char c) => Shell.WordSplitter.IsSpace(c);

    /// <summary>The <c>[\t\v\f\r ]</c> class that separates a keyword from its arguments.</summary>
    public static bool IsTokenWhitespace(char c) => c is '\t' or '\v' or '\f' or '\r' or ' ';

    /// <summary>Splits on runs of <c>[\t\v\f\r ]</c>, at most <paramref name="max"/> parts (-1: all).</summary>
    public static List<string> SplitTokens(string s, int max)
    {
        var parts = new List<string>();
        var start = 0;
        var i = 0;
        while (i < s.Length)
        {
            if (max > 0 && parts.Count == max - 1)
            {
                break;
            }
            if (IsTokenWhitespace(s[i]))
            {
                parts.Add(s[start..i]);
                while (i < s.Length && IsTokenWhitespace(s[i]))
                {
                    i++;
                }
                start = i;
                continue;
            }
            i++;
        }
        parts.Add(s[start..]);
        return parts;
    }
}
