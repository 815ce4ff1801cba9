namespace Berth.Client.Templates;

internal enum TokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Field,
    Dot,
    Variable,
    Identifier,
    String,
    Number,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    Eof,
}
