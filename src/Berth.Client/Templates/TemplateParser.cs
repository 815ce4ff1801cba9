using System.Globalization;

namespace Berth.Client.Templates;

/// <summary>Recursive-descent parser for the text/template subset Berth supports.</summary>
internal sealed class TemplateParser
{
    private static readonly HashSet<string> s_keywords = ["if", "else", "end", "range", "with", "break", "continue", "define", "template", "block"];

    private readonly string _name;
    private readonly List<Token> _tokens;
    private readonly Func<string, bool> _isFunction;
    private int _pos;
    private int _rangeDepth;

    private TemplateParser(string name, List<Token> tokens, Func<string, bool> isFunction)
    {
        _name = name;
        _tokens = tokens;
        _isFunction = isFunction;
    }

    public static ListNode Parse(string name, string text, Func<string, bool> isFunction)
    {
        var parser = new TemplateParser(name, TemplateLexer.Lex(name, text), isFunction);
        var (list, terminator) = parser.ParseList();
        if (terminator is not null)
        {
            throw parser.Error(parser.Current.Line, $"unexpected {{{{{terminator}}}}}");
        }

        return list;
    }

    private Token Current => _tokens[_pos];

    private Token Next() => _tokens[_pos++];

    // Parses nodes until EOF or an {{end}}/{{else}} action, which is returned (its "{{" and keyword consumed).
    private (ListNode List, string? Terminator) ParseList()
    {
        var nodes = new List<TemplateNode>();
        var line = Current.Line;
        while (true)
        {
            var token = Next();
            switch (token.Kind)
            {
                case TokenKind.Eof:
                    _pos--;
                    return (new ListNode(line, nodes), null);
                case TokenKind.Text:
                    nodes.Add(new TextNode(token.Line, token.Value));
                    break;
                case TokenKind.LeftDelim:
                    if (Current.Kind == TokenKind.Identifier && Current.Value is "end" or "else")
                    {
                        return (new ListNode(line, nodes), Next().Value);
                    }

                    nodes.Add(ParseAction());
                    break;
                default:
                    throw Error(token.Line, $"unexpected {token.Value}");
            }
        }
    }

    private TemplateNode ParseAction()
    {
        var token = Current;
        if (token.Kind == TokenKind.Identifier && s_keywords.Contains(token.Value))
        {
            _pos++;
            switch (token.Value)
            {
                case "if":
                    return ParseBranch(BranchKind.If, token.Line);
                case "with":
                    return ParseBranch(BranchKind.With, token.Line);
                case "range":
                    _rangeDepth++;
                    try
                    {
                        return ParseBranch(BranchKind.Range, token.Line);
                    }
                    finally
                    {
                        _rangeDepth--;
                    }

                case "break":
                case "continue":
                    if (_rangeDepth == 0)
                    {
                        throw Error(token.Line, $"{{{{{token.Value}}}}} outside {{{{range}}}}");
                    }

                    Expect(TokenKind.RightDelim, token.Value);
                    return new LoopControlNode(token.Line, token.Value == "break");
                default:
                    throw Error(token.Line, $"{{{{{token.Value}}}}} is not supported");
            }
        }

        var pipe = ParsePipe("command", TokenKind.RightDelim);
        return new ActionNode(token.Line, pipe);
    }

    private BranchNode ParseBranch(BranchKind kind, int line)
    {
        var context = kind.ToString().ToLowerInvariant();
        var pipe = ParsePipe(context, TokenKind.RightDelim);
        var (body, terminator) = ParseList();
        ListNode? elseList = null;
        switch (terminator)
        {
            case null:
                throw Error(Current.Line, "unexpected EOF");
            case "else":
                // "else if" / "else with" chain: the nested branch consumes the shared {{end}}.
                if (kind != BranchKind.Range && Current.Kind == TokenKind.Identifier && Current.Value == context)
                {
                    var elseLine = Next().Line;
                    var nested = ParseBranch(kind, elseLine);
                    elseList = new ListNode(elseLine, [nested]);
                    return new BranchNode(line, kind, pipe, body, elseList);
                }

                Expect(TokenKind.RightDelim, "else");
                (elseList, terminator) = ParseList();
                if (terminator != "end")
                {
                    throw Error(Current.Line, terminator is null ? "unexpected EOF" : $"expected end; found {{{{{terminator}}}}}");
                }

                Expect(TokenKind.RightDelim, "end");
                break;
            default:
                Expect(TokenKind.RightDelim, "end");
                break;
        }

        return new BranchNode(line, kind, pipe, body, elseList);
    }

    private PipeNode ParsePipe(string context, TokenKind end)
    {
        var line = Current.Line;
        var variables = new List<string>();
        var isAssign = false;
        if (Current.Kind == TokenKind.Variable)
        {
            var save = _pos;
            var first = Next();
            if (Current.Kind is TokenKind.Declare or TokenKind.Assign)
            {
                isAssign = Next().Kind == TokenKind.Assign;
                variables.Add(first.Value);
            }
            else if (Current.Kind == TokenKind.Comma && context == "range")
            {
                _pos++;
                var second = Next();
                if (second.Kind != TokenKind.Variable || Current.Kind is not (TokenKind.Declare or TokenKind.Assign))
                {
                    throw Error(line, "range can only initialize variables");
                }

                isAssign = Next().Kind == TokenKind.Assign;
                variables.Add(first.Value);
                variables.Add(second.Value);
            }
            else
            {
                _pos = save;
            }
        }

        var commands = new List<CommandNode>();
        while (true)
        {
            if (Current.Kind == end)
            {
                _pos++;
                break;
            }

            if (Current.Kind == TokenKind.Eof)
            {
                throw Error(line, "unclosed action");
            }

            commands.Add(ParseCommand(end));
            if (Current.Kind == TokenKind.Pipe)
            {
                _pos++;
                if (Current.Kind == end)
                {
                    throw Error(line, "missing command");
                }
            }
        }

        if (commands.Count == 0)
        {
            throw Error(line, $"missing value for {context}");
        }

        return new PipeNode(line, variables, isAssign, commands);
    }

    private CommandNode ParseCommand(TokenKind end)
    {
        var line = Current.Line;
        var args = new List<TemplateNode>();
        while (Current.Kind != TokenKind.Pipe && Current.Kind != end)
        {
            if (Current.Kind is TokenKind.Eof or TokenKind.RightDelim or TokenKind.RightParen)
            {
                throw Error(Current.Line, $"unexpected {DescribeToken(Current)} in operand");
            }

            if (args.Count > 0 && !Current.SpaceBefore)
            {
                throw Error(Current.Line, $"missing space?");
            }

            args.Add(ParseOperand());
        }

        return new CommandNode(line, args);
    }

    private TemplateNode ParseOperand()
    {
        var token = Next();
        TemplateNode term = token.Kind switch
        {
            TokenKind.Field => new FieldNode(token.Line, [token.Value]),
            TokenKind.Dot => new DotNode(token.Line),
            TokenKind.Variable => new VariableNode(token.Line, token.Value, []),
            TokenKind.String => new LiteralNode(token.Line, token.Value, Quote(token.Value)),
            TokenKind.Number => new LiteralNode(token.Line, ParseNumber(token), token.Value),
            TokenKind.LeftParen => new SubPipeNode(token.Line, ParsePipe("parenthesized pipeline", TokenKind.RightParen)),
            TokenKind.Identifier => ParseIdentifier(token),
            _ => throw Error(token.Line, $"unexpected {DescribeToken(token)} in operand"),
        };

        var chain = new List<string>();
        while (Current.Kind == TokenKind.Field && !Current.SpaceBefore)
        {
            chain.Add(Next().Value);
        }

        if (chain.Count == 0)
        {
            return term;
        }

        return term switch
        {
            FieldNode f => new FieldNode(f.Line, [.. f.Names, .. chain]),
            VariableNode v => new VariableNode(v.Line, v.Name, [.. v.Fields, .. chain]),
            DotNode => throw Error(token.Line, "unexpected . after term \".\""),
            _ => new ChainNode(token.Line, term, [.. chain]),
        };
    }

    private TemplateNode ParseIdentifier(Token token)
    {
        switch (token.Value)
        {
            case "true":
                return new LiteralNode(token.Line, true, "true");
            case "false":
                return new LiteralNode(token.Line, false, "false");
            case "nil":
                return new LiteralNode(token.Line, null, "nil");
        }

        if (!_isFunction(token.Value))
        {
            throw Error(token.Line, $"function \"{token.Value}\" not defined");
        }

        return new IdentifierNode(token.Line, token.Value);
    }

    private object ParseNumber(Token token)
    {
        var text = token.Value.Replace("_", string.Empty, StringComparison.Ordinal);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        throw Error(token.Line, $"bad number syntax: \"{token.Value}\"");
    }

    private void Expect(TokenKind kind, string context)
    {
        var token = Next();
        if (token.Kind != kind)
        {
            throw Error(token.Line, $"unexpected {DescribeToken(token)} in {context}");
        }
    }

    private static string DescribeToken(Token token) => token.Kind switch
    {
        TokenKind.Eof => "EOF",
        TokenKind.RightDelim => "\"}}\"",
        TokenKind.RightParen => "\")\"",
        _ => $"\"{token.Value}\"",
    };

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private TemplateException Error(int line, string message) => new($"template: {_name}:{line}: {message}");
}
