using System.Text;

namespace Berth.Client.Templates;

/// <summary>Splits template text into text and action tokens, applying {{- and -}} trimming.</summary>
internal sealed class TemplateLexer
{
    private readonly string _name;
    private readonly string _src;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _line = 1;

    private TemplateLexer(string name, string src)
    {
        _name = name;
        _src = src;
    }

    public static List<Token> Lex(string name, string src)
    {
        var lexer = new TemplateLexer(name, src);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        var trimNextText = false;
        while (_pos < _src.Length)
        {
            var open = _src.IndexOf("{{", _pos, StringComparison.Ordinal);
            var textEnd = open < 0 ? _src.Length : open;
            var text = _src[_pos..textEnd];
            var trimLeft = open >= 0 && open + 3 < _src.Length + 1 && IsTrimMarker(open + 2);
            if (trimNextText)
            {
                text = text.TrimStart(' ', '\t', '\r', '\n');
            }

            if (trimLeft)
            {
                text = text.TrimEnd(' ', '\t', '\r', '\n');
            }

            if (text.Length > 0)
            {
                _tokens.Add(new Token(TokenKind.Text, text, _line, false));
            }

            _line += CountLines(_src, _pos, textEnd);
            if (open < 0)
            {
                _pos = _src.Length;
                break;
            }

            _pos = open + 2 + (trimLeft ? 2 : 0);
            trimNextText = LexAction();
        }

        _tokens.Add(new Token(TokenKind.Eof, string.Empty, _line, false));
    }

    private bool IsTrimMarker(int at) =>
        at + 1 < _src.Length && _src[at] == '-' && _src[at + 1] is ' ' or '\t' or '\r' or '\n';

    // Lexes one action after "{{"; returns true when it ended with "-}}".
    private bool LexAction()
    {
        var startLine = _line;
        SkipSpaceCount();
        if (At("/*"))
        {
            var end = _src.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                throw Error(startLine, "unclosed comment");
            }

            _line += CountLines(_src, _pos, end);
            _pos = end + 2;
            SkipSpaceCount();
            if (At("-}}"))
            {
                _pos += 3;
                return true;
            }

            if (!At("}}"))
            {
                throw Error(startLine, "comment ends before closing delimiter");
            }

            _pos += 2;
            return false;
        }

        _tokens.Add(new Token(TokenKind.LeftDelim, "{{", _line, false));
        var parenDepth = 0;
        while (true)
        {
            var space = SkipSpaceCount() > 0;
            if (_pos >= _src.Length)
            {
                throw Error(startLine, "unclosed action");
            }

            if (space && At("-}}"))
            {
                _pos += 3;
                _tokens.Add(new Token(TokenKind.RightDelim, "}}", _line, true));
                return true;
            }

            if (At("}}"))
            {
                if (parenDepth > 0)
                {
                    throw Error(_line, "unclosed left paren");
                }

                _pos += 2;
                _tokens.Add(new Token(TokenKind.RightDelim, "}}", _line, space));
                return false;
            }

            var c = _src[_pos];
            switch (c)
            {
                case '|':
                    Add(TokenKind.Pipe, "|", space, 1);
                    break;
                case '(':
                    parenDepth++;
                    Add(TokenKind.LeftParen, "(", space, 1);
                    break;
                case ')':
                    if (--parenDepth < 0)
                    {
                        throw Error(_line, "unexpected right paren");
                    }

                    Add(TokenKind.RightParen, ")", space, 1);
                    break;
                case ',':
                    Add(TokenKind.Comma, ",", space, 1);
                    break;
                case ':' when Peek(1) == '=':
                    Add(TokenKind.Declare, ":=", space, 2);
                    break;
                case '=':
                    Add(TokenKind.Assign, "=", space, 1);
                    break;
                case '"':
                    LexQuoted(space);
                    break;
                case '`':
                    LexRaw(space);
                    break;
                case '\'':
                    LexChar(space);
                    break;
                case '$':
                    _tokens.Add(new Token(TokenKind.Variable, "$" + ReadWord(_pos + 1), _line, space));
                    break;
                case '.' when !char.IsDigit(Peek(1)):
                    var word = ReadWord(_pos + 1);
                    _tokens.Add(word.Length == 0 ? new Token(TokenKind.Dot, ".", _line, space) : new Token(TokenKind.Field, word, _line, space));
                    break;
                default:
                    if (char.IsDigit(c) || ((c is '-' or '+' or '.') && char.IsDigit(Peek(1))))
                    {
                        LexNumber(space);
                    }
                    else if (char.IsLetter(c) || c == '_')
                    {
                        _tokens.Add(new Token(TokenKind.Identifier, ReadWord(_pos), _line, space));
                    }
                    else
                    {
                        throw Error(_line, $"unexpected \"{c}\" in command");
                    }

                    break;
            }
        }
    }

    private void Add(TokenKind kind, string value, bool space, int length)
    {
        _tokens.Add(new Token(kind, value, _line, space));
        _pos += length;
    }

    private string ReadWord(int start)
    {
        var end = start;
        while (end < _src.Length && (char.IsLetterOrDigit(_src[end]) || _src[end] == '_'))
        {
            end++;
        }

        _pos = end;
        return _src[start..end];
    }

    private void LexNumber(bool space)
    {
        var start = _pos;
        _pos++;
        while (_pos < _src.Length && (char.IsLetterOrDigit(_src[_pos]) || _src[_pos] is '.' or '_' || (_src[_pos] is '+' or '-' && _src[_pos - 1] is 'e' or 'E')))
        {
            _pos++;
        }

        _tokens.Add(new Token(TokenKind.Number, _src[start.._pos], _line, space));
    }

    private void LexQuoted(bool space)
    {
        var sb = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _src.Length || _src[_pos] == '\n')
            {
                throw Error(_line, "unterminated quoted string");
            }

            var c = _src[_pos++];
            if (c == '"')
            {
                break;
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            var e = _pos < _src.Length ? _src[_pos++] : '\0';
            sb.Append(e switch
            {
                'n' => "\n",
                't' => "\t",
                'r' => "\r",
                '\\' => "\\",
                '"' => "\"",
                '\'' => "'",
                '0' => "\0",
                'u' when _pos + 4 <= _src.Length => ((char)Convert.ToInt32(_src.Substring(_pos, 4), 16)).ToString(),
                _ => throw Error(_line, "invalid syntax"),
            });
            if (e == 'u')
            {
                _pos += 4;
            }
        }

        _tokens.Add(new Token(TokenKind.String, sb.ToString(), _line, space));
    }

    private void LexRaw(bool space)
    {
        var end = _src.IndexOf('`', _pos + 1);
        if (end < 0)
        {
            throw Error(_line, "unterminated raw quoted string");
        }

        var value = _src[(_pos + 1)..end];
        _tokens.Add(new Token(TokenKind.String, value, _line, space));
        _line += CountLines(_src, _pos, end);
        _pos = end + 1;
    }

    private void LexChar(bool space)
    {
        var end = _src.IndexOf('\'', _pos + 1);
        if (end < 0)
        {
            throw Error(_line, "unterminated character constant");
        }

        var body = _src[(_pos + 1)..end];
        var ch = body.Length == 2 && body[0] == '\\' ? body[1] switch { 'n' => '\n', 't' => '\t', _ => body[1] } : body.Length == 1 ? body[0] : throw Error(_line, "invalid character constant");
        _tokens.Add(new Token(TokenKind.Number, ((int)ch).ToString(System.Globalization.CultureInfo.InvariantCulture), _line, space));
        _pos = end + 1;
    }

    private int SkipSpaceCount()
    {
        var start = _pos;
        while (_pos < _src.Length && _src[_pos] is ' ' or '\t' or '\r' or '\n')
        {
            if (_src[_pos] == '\n')
            {
                _line++;
            }

            _pos++;
        }

        return _pos - start;
    }

    private bool At(string s) => string.CompareOrdinal(_src, _pos, s, 0, s.Length) == 0;

    private char Peek(int offset) => _pos + offset < _src.Length ? _src[_pos + offset] : '\0';

    private static int CountLines(string s, int from, int to)
    {
        var n = 0;
        for (var i = from; i < to && i < s.Length; i++)
        {
            if (s[i] == '\n')
            {
                n++;
            }
        }

        return n;
    }

    private TemplateException Error(int line, string message) => new($"template: {_name}:{line}: {message}");
}
