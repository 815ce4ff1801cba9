using System.Text;
using System.Text.RegularExpressions;
using Berth.Build.Shell;

namespace Berth.Build.Parsing;

/// <summary>Finds heredoc markers (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-"EOF"</c>, <c>3&lt;&lt;EOF</c>) in a line.</summary>
public static partial class HeredocParser
{
    /// <summary>Parses one word as a heredoc marker; null when it is not one.</summary>
    public static Heredoc? ParseMarker(string word)
    {
        var match = MarkerRegex().Match(word);
        if (!match.Success)
        {
            return null;
        }
        _ = int.TryParse(match.Groups[1].Value, out var fd);
        var chomp = match.Groups[2].Value == "-";
        var rest = match.Groups[3].Value;
        if (rest.Length == 0)
        {
            return null;
        }
        var lex = new ShellLex('\\') { SkipUnsetEnv = true };
        IReadOnlyList<string> words, rawWords;
        try
        {
            words = lex.ProcessWords(rest, null);
            if (words.Count != 1)
            {
                return null;
            }
            lex.RawQuotes = true;
            rawWords = lex.ProcessWords(rest, null);
        }
        catch (ShellExpansionException e)
        {
            throw new DockerfileException(e.Message);
        }
        if (rawWords.Count != words.Count)
        {
            throw new DockerfileException($"internal lexing of heredoc produced inconsistent results: {rest}");
        }
        // Any quoting in the delimiter (seen as extra quote chars in the raw form) disables expansion.
        var expand = CountQuotes(words[0]) == CountQuotes(rawWords[0]);
        return new Heredoc(words[0], fd, expand, chomp, "");
    }

    /// <summary>Removes leading tabs from every line (the <c>&lt;&lt;-</c> form).</summary>
    public static string ChompContent(string content) => LeadingTabs().Replace(content, "");

    internal static List<Heredoc> FromLine(string line)
    {
        var lex = new ShellLex('\\') { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true };
        IReadOnlyList<string> words;
        try
        {
            words = lex.ProcessWords(line, null);
        }
        catch (ShellExpansionException)
        {
            return [];
        }
        var docs = new List<Heredoc>();
        foreach (var word in words)
        {
            if (ParseMarker(word) is { } doc)
            {
                docs.Add(doc);
            }
        }
        return docs;
    }

    internal static bool IsTerminator(string rawLine, Heredoc doc)
    {
        var candidate = rawLine.TrimEnd('\r', '\n');
        if (doc.Chomp)
        {
            candidate = candidate.TrimStart('\t');
        }
        return candidate == doc.Name;
    }

    private static int CountQuotes(string s) => s.Count(c => c is '\'' or '"');

    [GeneratedRegex(@"^([0-9]*)<<(-?)([^<]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"^\t+", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingTabs();
}
