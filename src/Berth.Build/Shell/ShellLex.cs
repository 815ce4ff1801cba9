using System.Text;

namespace Berth.Build.Shell;

/// <summary>
/// BuildKit's shell lexer: quote removal, escapes and $VAR / ${VAR...} expansion for the
/// instructions Docker expands itself (not RUN/CMD/ENTRYPOINT, which the shell handles).
/// Not thread-safe; create one per use or per thread.
/// </summary>
public sealed class ShellLex
{
    private static readonly IReadOnlyDictionary<string, string> NoEnv = new Dictionary<string, string>();

    public ShellLex(char escapeToken = '\\') => EscapeToken = escapeToken;

    public char EscapeToken { get; }

    /// <summary>Keep quote characters in the output (used to detect quoted heredoc delimiters).</summary>
    public bool RawQuotes { get; set; }

    /// <summary>Keep escape characters in the output.</summary>
    public bool RawEscapes { get; set; }

    /// <summary>Treat quotes as ordinary characters.</summary>
    public bool SkipProcessQuotes { get; set; }

    /// <summary>Leave references to unset variables as written instead of expanding them to "".</summary>
    public bool SkipUnsetEnv { get; set; }

    /// <summary>Expands <paramref name="word"/> into one string (spaces kept).</summary>
    public string ProcessWord(string word, IReadOnlyDictionary<string, string>? env) =>
        Process(word, env).Result;

    /// <summary>Expands then splits into words on unquoted whitespace (after expansion).</summary>
    public IReadOnlyList<string> ProcessWords(string word, IReadOnlyDictionary<string, string>? env) =>
        Process(word, env).Words;

    /// <summary>Expands and reports the variable names found and not found.</summary>
    public ProcessWordResult Process(string word, IReadOnlyDictionary<string, string>? env)
    {
        var state = new ShellWordState(this, word, env ?? NoEnv);
        try
        {
            var (result, words) = state.ProcessStopOn(RuneReader.Eof, RawEscapes);
            return new ProcessWordResult(result, words, state.Matched, state.Unmatched);
        }
        catch (ShellExpansionException e)
        {
            throw new ShellExpansionException($"failed to process \"{word}\": {e.Message}");
        }
    }

    private sealed class ShellWordState(ShellLex lex, string source, IReadOnlyDictionary<string, string> env)
    {
        private readonly RuneReader _scanner = new(source);
        private bool _rawEscapes = lex.RawEscapes;

        public HashSet<string> Matched { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Unmatched { get; } = new(StringComparer.Ordinal);

        public (string Result, List<string> Words) ProcessStopOn(int stopChar, bool rawEscapes)
        {
            var result = new StringBuilder();
            var words = new WordSplitter();
            var saved = _rawEscapes;
            _rawEscapes = rawEscapes;
            try
            {
                while (_scanner.Peek() != RuneReader.Eof)
                {
                    var ch = _scanner.Peek();
                    if (stopChar != RuneReader.Eof && ch == stopChar)
                    {
                        _scanner.Next();
                        return (result.ToString(), words.GetWords());
                    }
                    if (ch == '$')
                    {
                        var tmp = ProcessDollar();
                        result.Append(tmp);
                        words.AddString(tmp);
                        continue;
                    }
                    if (!lex.SkipProcessQuotes && ch is '\'' or '"')
                    {
                        var tmp = ch == '\'' ? ProcessSingleQuote() : ProcessDoubleQuote();
                        result.Append(tmp);
                        words.AddRawString(tmp);
                        continue;
                    }
                    ch = _scanner.Next();
                    if (ch == lex.EscapeToken)
                    {
                        if (_rawEscapes)
                        {
                            words.AddRawChar(ch);
                            RuneReader.Append(result, ch);
                        }
                        ch = _scanner.Next();
                        if (ch == RuneReader.Eof)
                        {
                            break;
                        }
                        words.AddRawChar(ch);
                    }
                    else
                    {
                        words.AddChar(ch);
                    }
                    RuneReader.Append(result, ch);
                }
                if (stopChar != RuneReader.Eof)
                {
                    throw new ShellExpansionException(
                        $"unexpected end of statement while looking for matching {RuneReader.ToStr(stopChar)}");
                }
                return (result.ToString(), words.GetWords());
            }
            finally
            {
                _rawEscapes = saved;
            }
        }

        private string ProcessSingleQuote()
        {
            var result = new StringBuilder();
            var ch = _scanner.Next();
            if (lex.RawQuotes)
            {
                RuneReader.Append(result, ch);
            }
            while (true)
            {
                ch = _scanner.Next();
                if (ch == RuneReader.Eof)
                {
                    throw new ShellExpansionException("unexpected end of statement while looking for matching single-quote");
                }
                if (ch == '\'')
                {
                    if (lex.RawQuotes)
                    {
                        RuneReader.Append(result, ch);
                    }
                    return result.ToString();
                }
                RuneReader.Append(result, ch);
            }
        }

        private string ProcessDoubleQuote()
        {
            var result = new StringBuilder();
            var ch = _scanner.Next();
            if (lex.RawQuotes)
            {
                RuneReader.Append(result, ch);
            }
            while (true)
            {
                switch (_scanner.Peek())
                {
                    case RuneReader.Eof:
                        throw new ShellExpansionException("unexpected end of statement while looking for matching double-quote");
                    case '"':
                        ch = _scanner.Next();
                        if (lex.RawQuotes)
                        {
                            RuneReader.Append(result, ch);
                        }
                        return result.ToString();
                    case '$':
                        result.Append(ProcessDollar());
                        break;
                    default:
                        ch = _scanner.Next();
                        if (ch == lex.EscapeToken)
                        {
                            if (_rawEscapes)
                            {
                                RuneReader.Append(result, ch);
                            }
                            var peek = _scanner.Peek();
                            if (peek == RuneReader.Eof)
                            {
                                continue; // an escape at the very end is dropped
                            }
                            // Only ", $ and the escape token itself can be escaped inside double quotes.
                            if (peek == '"' || peek == '$' || peek == lex.EscapeToken)
                            {
                                ch = _scanner.Next();
                            }
                        }
                        RuneReader.Append(result, ch);
                        break;
                }
            }
        }

        private string ProcessDollar()
        {
            _scanner.Next();
            if (_scanner.Peek() != '{')
            {
                var bare = ProcessName();
                if (bare.Length == 0)
                {
                    return "$";
                }
                var (v, found) = GetEnv(bare);
                return !found && lex.SkipUnsetEnv ? "$" + bare : v;
            }

            _scanner.Next();
            switch (_scanner.Peek())
            {
                case RuneReader.Eof:
                    throw new ShellExpansionException("syntax error: missing '}'");
                case '{' or '}' or ':':
                    throw new ShellExpansionException("syntax error: bad substitution");
            }
            var name = ProcessName();
            var ch = _scanner.Next();
            var chs = ch == RuneReader.Eof ? "" : RuneReader.ToStr(ch);
            var nullIsUnset = false;
            switch (ch)
            {
                case '}':
                    {
                        var (value, set) = GetEnv(name);
                        return !set && lex.SkipUnsetEnv ? "${" + name + "}" : value;
                    }
                case ':':
                    nullIsUnset = true;
                    ch = _scanner.Next();
                    chs += ch == RuneReader.Eof ? "" : RuneReader.ToStr(ch);
                    return ProcessModifier(name, ch, chs, nullIsUnset);
                case '+' or '-' or '?' or '#' or '%':
                    return ProcessModifier(name, ch, chs, nullIsUnset);
                case '/':
                    return ProcessReplace(name);
                default:
                    throw new ShellExpansionException($"unsupported modifier ({chs}) in substitution");
            }
        }

        private string ProcessModifier(string name, int ch, string chs, bool nullIsUnset)
        {
            if (ch is not ('+' or '-' or '?' or '#' or '%'))
            {
                throw new ShellExpansionException($"unsupported modifier ({chs}) in substitution");
            }
            var rawEscapes = ch is '#' or '%';
            if (nullIsUnset && rawEscapes)
            {
                throw new ShellExpansionException($"unsupported modifier ({chs}) in substitution");
            }
            var word = StopOnOrMissing('}', rawEscapes, "syntax error: missing '}'");
            var (value, set) = GetEnv(name);
            if (lex.SkipUnsetEnv && !set)
            {
                return "${" + name + chs + word + "}";
            }
            switch (ch)
            {
                case '-':
                    return !set || (nullIsUnset && value.Length == 0) ? word : value;
                case '+':
                    return !set || (nullIsUnset && value.Length == 0) ? "" : word;
                case '?':
                    if (!set)
                    {
                        throw new ShellExpansionException($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}");
                    }
                    if (nullIsUnset && value.Length == 0)
                    {
                        throw new ShellExpansionException($"{name}: {(word.Length > 0 ? word : "is not allowed to be empty")}");
                    }
                    return value;
                default:
                    // '#'/'%' trim the shortest match, '##'/'%%' the longest.
                    var greedy = word.Length > 0 && word[0] == ch;
                    if (greedy)
                    {
                        word = word[1..];
                    }
                    return ch == '%'
                        ? ShellPattern.TrimSuffix(word, value, greedy)
                        : ShellPattern.TrimPrefix(word, value, greedy);
            }
        }

        private string ProcessReplace(string name)
        {
            var replaceAll = _scanner.Peek() == '/';
            if (replaceAll)
            {
                _scanner.Next();
            }
            var pattern = StopOnOrMissing('/', true, "syntax error: missing '/' in ${}");
            var replacement = StopOnOrMissing('}', true, "syntax error: missing '}'");
            var (value, set) = GetEnv(name);
            if (lex.SkipUnsetEnv && !set)
            {
                return "${" + name + "/" + pattern + "/" + replacement + "}";
            }
            return ShellPattern.Replace(pattern, value, replacement, replaceAll);
        }

        private string StopOnOrMissing(int stop, bool rawEscapes, string missing)
        {
            try
            {
                return ProcessStopOn(stop, rawEscapes).Result;
            }
            catch (ShellExpansionException) when (_scanner.Peek() == RuneReader.Eof)
            {
                throw new ShellExpansionException(missing);
            }
        }

        private string ProcessName()
        {
            var name = new StringBuilder();
            while (_scanner.Peek() != RuneReader.Eof)
            {
                var ch = _scanner.Peek();
                if (name.Length == 0 && IsDigit(ch))
                {
                    while (_scanner.Peek() != RuneReader.Eof && IsDigit(_scanner.Peek()))
                    {
                        RuneReader.Append(name, _scanner.Next());
                    }
                    return name.ToString();
                }
                if (name.Length == 0 && IsSpecialParam(ch))
                {
                    return RuneReader.ToStr(_scanner.Next());
                }
                if (!IsLetter(ch) && !IsDigit(ch) && ch != '_')
                {
                    break;
                }
                RuneReader.Append(name, _scanner.Next());
            }
            return name.ToString();
        }

        private (string Value, bool Set) GetEnv(string name)
        {
            if (env.TryGetValue(name, out var v))
            {
                Matched.Add(name);
                return (v, true);
            }
            Unmatched.Add(name);
            return ("", false);
        }

        private static bool IsDigit(int ch) => ch >= 0 && Rune.IsDigit(new Rune(ch));

        private static bool IsLetter(int ch) => ch >= 0 && Rune.IsLetter(new Rune(ch));

        // POSIX special parameters ($@, $*, $#, ...), never set in a Dockerfile.
        private static bool IsSpecialParam(int ch) => ch is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0';
    }
}
