using System.Text;
using System.Text.Json;

namespace Berth.Build.Parsing;

/// <summary>
/// Per-instruction argument parsers: they turn the text after the keyword (and flags) into the
/// Next chain. No variable expansion happens here; quotes stay in ENV/LABEL/ARG values.
/// </summary>
internal static class LineParsers
{
    public const string NotStringArray = "when using JSON array syntax, arrays must be comprised of strings only";

    public delegate (Node? Next, bool IsJson) LineParser(string rest, char escapeToken);

    public static LineParser? For(string command) => command.ToLowerInvariant() switch
    {
        "add" or "copy" or "volume" => MaybeJsonToList,
        "arg" => NameOrNameVal,
        "cmd" or "entrypoint" or "run" or "shell" => MaybeJson,
        "env" => (rest, esc) => (NameVal(rest, "ENV", esc), false),
        "label" => (rest, esc) => (NameVal(rest, "LABEL", esc), false),
        "expose" or "from" => (rest, _) => (WhitespaceDelimited(rest), false),
        "healthcheck" => HealthConfig,
        "maintainer" or "stopsignal" or "user" or "workdir" => (rest, _) => (rest.Length == 0 ? null : new Node { Value = rest }, false),
        "onbuild" => (rest, _) => throw new InvalidOperationException("ONBUILD is parsed by the parser itself"),
        _ => null,
    };

    /// <summary>Words split on unquoted whitespace; quotes and escapes are kept in the words.</summary>
    public static List<string> ParseWords(string rest, char escapeToken)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var inQuote = false;
        var quote = '\0';
        var blankOk = false;
        var runes = rest.EnumerateRunes().Select(r => r.Value).ToArray();
        for (var pos = 0; pos <= runes.Length; pos++)
        {
            if (!inWord && !inQuote)
            {
                if (pos == runes.Length)
                {
                    break;
                }
                if (Shell.WordSplitter.IsSpace(runes[pos]))
                {
                    continue;
                }
                inWord = true;
            }
            if (pos == runes.Length)
            {
                if (blankOk || word.Length > 0)
                {
                    words.Add(word.ToString());
                }
                break;
            }
            var ch = runes[pos];
            if (inWord && !inQuote)
            {
                if (Shell.WordSplitter.IsSpace(ch))
                {
                    inWord = false;
                    if (blankOk || word.Length > 0)
                    {
                        words.Add(word.ToString());
                    }
                    word.Clear();
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = (char)ch;
                    blankOk = true;
                    inQuote = true;
                }
                if (ch == escapeToken)
                {
                    if (pos + 1 == runes.Length)
                    {
                        continue; // an escape at the very end is dropped
                    }
                    // Unquoted: keep the escape and the escaped char (even a quote) verbatim.
                    Shell.RuneReader.Append(word, ch);
                    ch = runes[++pos];
                }
                Shell.RuneReader.Append(word, ch);
                continue;
            }
            if (ch == quote)
            {
                inQuote = false;
            }
            if (ch == escapeToken && quote != '\'')
            {
                if (pos + 1 == runes.Length)
                {
                    inQuote = false;
                    continue;
                }
                Shell.RuneReader.Append(word, ch);
                ch = runes[++pos];
            }
            Shell.RuneReader.Append(word, ch);
        }
        return words;
    }

    private static Node? NameVal(string rest, string key, char escapeToken)
    {
        var words = ParseWords(rest, escapeToken);
        if (words.Count == 0)
        {
            return null;
        }
        // Legacy "KEY name value": the first word has no '=', the rest of the line is the value.
        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            var parts = GoSpace.SplitTokens(rest, 2);
            if (parts.Count < 2)
            {
                throw new DockerfileException($"{key} must have two arguments");
            }
            return KeyValue(parts[0], parts[1], "");
        }
        Node? root = null;
        Node? tail = null;
        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new DockerfileException(
                    $"Syntax error - can't find = in {GoQuote.Quote(word)}. Must be of the form: name=value");
            }
            var node = KeyValue(word[..eq], word[(eq + 1)..], "=");
            if (root is null)
            {
                root = node;
            }
            else
            {
                tail!.Next = node;
            }
            tail = node.Next!.Next;
        }
        return root;
    }

    private static Node KeyValue(string key, string value, string sep) =>
        new() { Value = key, Next = new Node { Value = value, Next = new Node { Value = sep } } };

    private static (Node?, bool) NameOrNameVal(string rest, char escapeToken) =>
        (Chain(ParseWords(rest, escapeToken)), false);

    private static Node? WhitespaceDelimited(string rest) =>
        rest.Length == 0 ? null : Chain(GoSpace.SplitTokens(rest, -1));

    private static Node? Chain(IEnumerable<string> values)
    {
        Node? root = null;
        Node? prev = null;
        foreach (var v in values)
        {
            var node = new Node { Value = v };
            if (prev is null)
            {
                root = node;
            }
            else
            {
                prev.Next = node;
            }
            prev = node;
        }
        return root;
    }

    /// <summary>Parses a JSON string array; null when the text is not a (syntactically valid) array.</summary>
    public static List<string>? TryParseJsonArray(string rest)
    {
        rest = rest.TrimStart(GoSpace.Chars);
        if (!rest.StartsWith('['))
        {
            return null;
        }
        var bytes = Encoding.UTF8.GetBytes(rest);
        // Like Go's json.Decoder: validate the first value only; trailing text is ignored.
        var validator = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            validator.Read();
            validator.Skip();
        }
        catch (JsonException)
        {
            return null;
        }
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        reader.Read();
        var result = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new DockerfileException(NotStringArray);
            }
            result.Add(reader.GetString()!);
        }
        return result;
    }

    private static (Node?, bool) MaybeJson(string rest, char escapeToken)
    {
        if (rest.Length == 0)
        {
            return (null, false);
        }
        var json = TryParseJsonArray(rest);
        return json is not null ? (Chain(json), true) : (new Node { Value = rest }, false);
    }

    private static (Node?, bool) MaybeJsonToList(string rest, char escapeToken)
    {
        var json = TryParseJsonArray(rest);
        return json is not null ? (Chain(json), true) : (WhitespaceDelimited(rest), false);
    }

    // HEALTHCHECK: the first word (CMD/NONE/...) is split off, the rest is like CMD.
    private static (Node?, bool) HealthConfig(string rest, char escapeToken)
    {
        var sep = 0;
        while (sep < rest.Length && !GoSpace.IsSpace(rest[sep]))
        {
            sep++;
        }
        var next = sep;
        while (next < rest.Length && GoSpace.IsSpace(rest[next]))
        {
            next++;
        }
        if (sep == 0)
        {
            return (null, false);
        }
        var (cmd, isJson) = MaybeJson(rest[next..], escapeToken);
        return (new Node { Value = rest[..sep], Next = cmd }, isJson);
    }
}
