using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build.Context;

/// <summary>
/// One .dockerignore pattern compiled like moby/patternmatcher: filepath.Match syntax ('*', '?',
/// '[...]', '\' escapes) plus '**' for any number of directories.
/// </summary>
internal sealed class IgnorePattern
{
    private readonly Regex _regex;

    public IgnorePattern(string pattern)
    {
        pattern = pattern.Trim();
        if (pattern.StartsWith('!'))
        {
            if (pattern.Length == 1)
            {
                throw new ArgumentException("illegal exclusion pattern: \"!\"");
            }
            IsException = true;
            pattern = pattern[1..];
        }
        Text = PathClean.Clean(pattern);
        if (Text.StartsWith('/') && Text.Length > 1)
        {
            Text = Text[1..];
        }
        Segments = Text.Split('/');
        _regex = new Regex(ToRegex(Text), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Text { get; }

    public bool IsException { get; }

    public string[] Segments { get; }

    public bool Matches(string path) => _regex.IsMatch(path);

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
                    // "**" at the end matches everything; elsewhere any number of directories (even none).
                    sb.Append(i + 1 >= pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '\\':
                    if (i + 1 < pattern.Length)
                    {
                        sb.Append(Regex.Escape(pattern[++i].ToString()));
                    }
                    else
                    {
                        sb.Append(@"\\");
                    }
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        throw new ArgumentException($"syntax error in pattern: {pattern}");
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
