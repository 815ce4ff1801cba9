namespace Berth.Client.Templates;

/// <summary>A lexer item; <see cref="SpaceBefore"/> separates arguments from field chains.</summary>
internal readonly record struct Token(TokenKind Kind, string Value, int Line, bool SpaceBefore);
