using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build.Shell;

/// <summary>
/// Shell wildcard patterns of ${VAR#pat}, ${VAR%pat} and ${VAR/pat/repl}: '*' and '?' with '\'
/// escapes, no bracket expressions (as BuildKit).
/// </summary>
internal static class ShellPattern
{
    public static Regex ToRegex(string pattern, bool greedy, bool anchored)
    {
        var runes = new RuneReader(pattern);
        var sb = new StringBuilder(pattern.Length + 4);
        if (anchored)
        {
            sb.Append(@"\A");
        }
        var star = greedy ? ".*" : ".*?";
        for (var tok = runes.Next(); tok != RuneReader.Eof; tok = runes.Next())
        {
            switch (tok)
            {
                case '*':
                    sb.Append(star);
                    continue;
                case '?':
                    sb.Append('.');
                    continue;
                case '\\':
                    // '}' and '/' are escaped only to get past the ${} syntax; the escape is not part of the pattern.
                    if (runes.Peek() is '}' or '/')
                    {
                        continue;
                    }
                    tok = runes.Next();
                    if (tok is not ('*' or '?' or '\\'))
                    {
                        throw new ShellExpansionException(
                            $"invalid escape '\\{(tok == RuneReader.Eof ? "" : RuneReader.ToStr(tok))}'");
                    }
                    sb.Append('\\');
                    RuneReader.Append(sb, tok);
                    continue;
            }
            sb.Append(Regex.Escape(RuneReader.ToStr(tok)));
        }
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }

    public static string TrimPrefix(string pattern, string value, bool greedy)
    {
        var m = Compile(pattern, greedy, anchored: true).Match(value);
        return m.Success ? value[(m.Index + m.Length)..] : value;
    }

    public static string TrimSuffix(string pattern, string value, bool greedy)
    {
        // A regex cannot find the shortest rightmost match, so reverse both and trim a prefix.
        var reversed = TrimPrefix(ReversePattern(pattern), Reverse(value), greedy);
        return Reverse(reversed);
    }

    public static string Replace(string pattern, string value, string replacement, bool all)
    {
        var re = Compile(pattern, greedy: true, anchored: false);
        if (all)
        {
            return re.Replace(value, replacement.Replace("$", "$$", StringComparison.Ordinal));
        }
        var m = re.Match(value);
        return m.Success ? string.Concat(value.AsSpan(0, m.Index), replacement, value.AsSpan(m.Index + m.Length)) : value;
    }

    private static Regex Compile(string pattern, bool greedy, bool anchored)
    {
        try
        {
            return ToRegex(pattern, greedy, anchored);
        }
        catch (ShellExpansionException e)
        {
            throw new ShellExpansionException($"invalid pattern ({pattern}) in substitution: {e.Message}");
        }
    }

    // Reverses a pattern but keeps escapes in front of the char they escape: a\*c -> c\*a.
    private static string ReversePattern(string pattern)
    {
        var runes = pattern.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var outp = new string[runes.Length];
        var last = runes.Length - 1;
        for (var i = 0; i <= last;)
        {
            var outIdx = last - i;
            if (runes[i] == "\\" && i != last)
            {
                outp[outIdx - 1] = runes[i];
                outp[outIdx] = runes[i + 1];
                i += 2;
            }
            else
            {
                outp[outIdx] = runes[i];
                i++;
            }
        }
        return string.Concat(outp);
    }

    private static string Reverse(string s)
    {
        var runes = s.EnumerateRunes().Select(r => r.ToString()).Reverse();
        return string.Concat(runes);
    }
}
