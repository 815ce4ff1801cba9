namespace Berth.Build.Parsing;

/// <summary>The parsed Dockerfile: the AST root plus what the directives and the scan found.</summary>
public sealed class ParseResult
{
    internal ParseResult(Node ast, char escapeToken, IReadOnlyList<ParseWarning> warnings,
        IReadOnlyList<Directive> directives, string fileName)
    {
        Ast = ast;
        EscapeToken = escapeToken;
        Warnings = warnings;
        Directives = directives;
        FileName = fileName;
    }

    public Node Ast { get; }

    /// <summary>'\\' or '`' (from <c># escape=</c>); the shell lexer must use the same token.</summary>
    public char EscapeToken { get; }

    public IReadOnlyList<ParseWarning> Warnings { get; }

    public IReadOnlyList<Directive> Directives { get; }

    public string FileName { get; }

    /// <summary>The value of a directive such as "syntax" or "check", or null.</summary>
    public string? GetDirective(string name) =>
        Directives.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
}
