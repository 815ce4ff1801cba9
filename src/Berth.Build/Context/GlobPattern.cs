using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build.Context;

/// <summary>Go's filepath.Match for COPY/ADD sources: '*' and '?' stay within one path segment.</summary>
internal static class GlobPattern
{
    public static bool HasMeta(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;

    public static Regex Compile(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '\\' when i + 1 < pattern.Length:
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        throw new ArgumentException("syntax error in pattern");
                    }

                    var body = pattern[(i + 1)..close];
                    if (body.StartsWith('^') || body.StartsWith('!'))
                    {
                        body = "^" + body[1..];
                    }

                    sb.Append('[').Append(body.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                default:
                    sb.Append(Regex.Escape(ch.ToString()));
                    break;
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
