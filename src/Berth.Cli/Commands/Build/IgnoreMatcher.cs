using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// .dockerignore on the client side (moby/patternmatcher rules: filepath.Match syntax plus "**",
/// "!" exceptions, last match wins, a matched directory excludes what is below it). The daemon
/// applies the same file again, so this only decides what is worth sending.
/// </summary>
internal sealed class IgnoreMatcher
{
    private readonly List<(Regex Pattern, bool Exception, string Text)> _patterns = [];

    public IgnoreMatcher(string text)
    {
        foreach (var raw in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimStart('\uFEFF');
            if (line.StartsWith('#'))
            {
                continue;
            }

            var pattern = line.Trim();
            var exception = pattern.StartsWith('!');
            if (exception)
            {
                pattern = pattern[1..].Trim();
            }

            pattern = Clean(pattern);
            if (pattern is "" or ".")
            {
                continue;
            }

            _patterns.Add((new Regex(ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.Singleline), exception, pattern));
        }
    }

    public bool HasExceptions => _patterns.Any(p => p.Exception);

    public bool IsExcluded(string relativePath)
    {
        var parents = new List<string>();
        for (var i = relativePath.IndexOf('/', StringComparison.Ordinal); i > 0; i = relativePath.IndexOf('/', i + 1))
        {
            parents.Add(relativePath[..i]);
        }

        var matched = false;
        foreach (var (pattern, exception, _) in _patterns)
        {
            if (exception != matched)
            {
                continue;
            }

            if (pattern.IsMatch(relativePath) || parents.Any(pattern.IsMatch))
            {
                matched = !exception;
            }
        }

        return matched;
    }

    private static string Clean(string pattern)
    {
        var parts = new List<string>();
        foreach (var part in pattern.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0)
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }

                    sb.Append(i + 1 >= pattern.Length ? ".*" : "(.*/)?");
                    break;
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
                        sb.Append(@"\[");
                        break;
                    }

                    var body = pattern[(i + 1)..close];
                    if (body.StartsWith('!') || body.StartsWith('^'))
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

        return sb.Append('$').ToString();
    }
}
