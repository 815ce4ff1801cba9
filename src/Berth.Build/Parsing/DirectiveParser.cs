using System.Text.RegularExpressions;

namespace Berth.Build.Parsing;

/// <summary>
/// Recognises parser directives. They are only honoured at the very top of the file: the first
/// line that is not a known directive ends the search (so a plain comment disables later ones).
/// </summary>
internal sealed partial class DirectiveParser
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<Directive> _directives = [];
    private int _line;
    private bool _done;

    public IReadOnlyList<Directive> Directives => _directives;

    public Directive? ParseLine(string line)
    {
        _line++;
        if (_done)
        {
            return null;
        }
        var match = DirectiveRegex().Match(line);
        if (!match.Success)
        {
            _done = true;
            return null;
        }
        var key = match.Groups[1].Value.ToLowerInvariant();
        if (key is not ("syntax" or "escape" or "check"))
        {
            _done = true;
            return null;
        }
        if (!_seen.Add(key))
        {
            throw new DockerfileException($"only one {key} parser directive can be used");
        }
        var directive = new Directive(key, match.Groups[2].Value, _line);
        _directives.Add(directive);
        return directive;
    }

    // Go's \s is [\t\n\f\r ].
    [GeneratedRegex(@"^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex DirectiveRegex();
}
