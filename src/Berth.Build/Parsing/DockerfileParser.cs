namespace Berth.Build.Parsing;

/// <summary>
/// Parses Dockerfile text into an AST exactly as BuildKit's frontend/dockerfile/parser does:
/// directives, comments, continuations, JSON vs shell form, flags and heredocs.
/// </summary>
public static class DockerfileParser
{
    private const string EmptyContinuationUrl = "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/";

    /// <summary>Parses <paramref name="text"/>; throws <see cref="DockerfileException"/> with file and line.</summary>
    public static ParseResult Parse(string text, string fileName = "Dockerfile")
    {
        var lines = SplitLines(text);
        var state = new ParserState(fileName);
        var root = new Node { StartLine = -1 };
        var warnings = new List<ParseWarning>();
        List<string> comments = [];
        var currentLine = 0;
        var i = 0;
        while (i < lines.Count)
        {
            var raw = lines[i++];
            if (currentLine == 0 && raw.StartsWith('\uFEFF'))
            {
                raw = raw[1..];
            }
            var stripped = TrimLeadingWhitespace(TrimNewline(raw));
            if (stripped.StartsWith('#'))
            {
                var comment = stripped[1..].Trim(GoSpace.Chars);
                if (comment.Length == 0)
                {
                    comments = [];
                }
                else
                {
                    comments.Add(comment);
                }
            }
            var processed = state.ProcessLine(raw, stripLeft: true, currentLine);
            currentLine++;
            var startLine = currentLine;
            var (line, isEndOfLine) = state.TrimContinuation(processed);
            if (isEndOfLine && line.Length == 0)
            {
                continue;
            }

            var logical = new System.Text.StringBuilder(line);
            var hasEmptyContinuation = false;
            while (!isEndOfLine && i < lines.Count)
            {
                var next = lines[i++];
                var nextProcessed = state.ProcessLine(next, stripLeft: false, currentLine);
                currentLine++;
                if (TrimLeadingWhitespace(TrimNewline(next)).StartsWith('#'))
                {
                    continue; // comment lines inside a continuation are dropped
                }
                if (TrimLeadingWhitespace(nextProcessed).Length == 0)
                {
                    hasEmptyContinuation = true;
                    continue;
                }
                (var part, isEndOfLine) = state.TrimContinuation(nextProcessed);
                logical.Append(part);
            }
            var full = logical.ToString();
            if (hasEmptyContinuation)
            {
                warnings.Add(new ParseWarning("Empty continuation line found in: " + full,
                    "Empty continuation lines will become errors in a future release", EmptyContinuationUrl, currentLine));
            }

            Node child;
            try
            {
                child = NodeFromLine(full, state.EscapeToken, comments);
            }
            catch (DockerfileException e)
            {
                throw e.WithLocation(fileName, startLine, currentLine);
            }

            if (CanContainHeredoc(child) && full.Contains("<<", StringComparison.Ordinal))
            {
                List<Heredoc> docs;
                try
                {
                    docs = HeredocParser.FromLine(full);
                }
                catch (DockerfileException e)
                {
                    throw e.WithLocation(fileName, startLine, currentLine);
                }
                foreach (var doc in docs)
                {
                    var content = new System.Text.StringBuilder();
                    var terminated = false;
                    while (i < lines.Count)
                    {
                        var body = lines[i++];
                        currentLine++;
                        if (HeredocParser.IsTerminator(body, doc))
                        {
                            terminated = true;
                            break;
                        }
                        content.Append(body);
                    }
                    if (!terminated)
                    {
                        throw new DockerfileException("unterminated heredoc", fileName, startLine, currentLine);
                    }
                    child.Heredocs.Add(doc with { Content = content.ToString() });
                }
            }

            child.StartLine = startLine;
            child.EndLine = currentLine;
            if (root.StartLine < 0)
            {
                root.StartLine = startLine;
            }
            root.EndLine = currentLine;
            root.Children.Add(child);
            comments = [];
        }

        if (root.StartLine < 0)
        {
            throw new DockerfileException("file with no instructions", fileName, currentLine, 0);
        }
        return new ParseResult(root, state.EscapeToken, warnings, state.Directives, fileName);
    }

    internal static Node NodeFromLine(string line, char escapeToken, IReadOnlyList<string> comments)
    {
        var (cmd, flags, args) = CommandSplitter.Split(line);
        Node? next;
        var isJson = false;
        if (string.Equals(cmd, "onbuild", StringComparison.OrdinalIgnoreCase))
        {
            next = args.Length == 0 ? null : new Node { Children = { NodeFromLine(args, escapeToken, []) } };
        }
        else if (LineParsers.For(cmd) is { } parser)
        {
            (next, isJson) = parser(args, escapeToken);
        }
        else
        {
            // Unknown instructions parse (with an empty argument, as BuildKit); the instruction layer rejects them.
            next = new Node();
        }
        return new Node
        {
            Value = cmd,
            Original = line,
            Flags = flags,
            Next = next,
            IsJson = isJson,
            PrevComment = [.. comments],
        };
    }

    private static bool CanContainHeredoc(Node node)
    {
        if (string.Equals(node.Value, "onbuild", StringComparison.OrdinalIgnoreCase) && node.Next?.Children.Count > 0)
        {
            node = node.Next.Children[0];
        }
        var cmd = node.Value.ToLowerInvariant();
        return cmd is "run" or "copy" or "add" && !node.IsJson;
    }

    /// <summary>Splits keeping each line's terminator, like BuildKit's scanner.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var nl = text.IndexOf('\n', start);
            if (nl < 0)
            {
                lines.Add(text[start..]);
                break;
            }
            lines.Add(text[start..(nl + 1)]);
            start = nl + 1;
        }
        return lines;
    }

    internal static string TrimNewline(string s) => s.TrimEnd('\r', '\n');

    internal static string TrimLeadingWhitespace(string s)
    {
        var i = 0;
        while (i < s.Length && GoSpace.IsSpace(s[i]))
        {
            i++;
        }
        return s[i..];
    }

    private sealed class ParserState(string fileName)
    {
        private readonly DirectiveParser _directives = new();

        public char EscapeToken { get; private set; } = '\\';

        public IReadOnlyList<Directive> Directives => _directives.Directives;

        public string ProcessLine(string raw, bool stripLeft, int currentLine)
        {
            var token = TrimNewline(raw);
            if (stripLeft)
            {
                token = TrimLeadingWhitespace(token);
            }
            try
            {
                var directive = _directives.ParseLine(token);
                if (directive is { Name: "escape" })
                {
                    if (directive.Value is not ("`" or "\\"))
                    {
                        throw new DockerfileException($"invalid escape token '{directive.Value}' does not match ` or \\");
                    }
                    EscapeToken = directive.Value[0];
                }
            }
            catch (DockerfileException e)
            {
                throw e.WithLocation(fileName, currentLine + 1, currentLine + 1);
            }
            return token.StartsWith('#') ? "" : token;
        }

        // A trailing escape token (optionally followed by blanks) continues the line, unless the
        // escape token itself is escaped ("foo \\").
        public (string Line, bool IsEndOfLine) TrimContinuation(string line)
        {
            var end = line.Length;
            while (end > 0 && line[end - 1] is ' ' or '\t')
            {
                end--;
            }
            if (end == 0 || line[end - 1] != EscapeToken)
            {
                return (line, true);
            }
            if (end >= 2 && line[end - 2] == EscapeToken)
            {
                return (line, true);
            }
            return (line[..(end - 1)], false);
        }
    }
}
