namespace Berth.Build.Parsing;

/// <summary>A parser directive (<c># syntax=</c>, <c># escape=</c>, <c># check=</c>) with its line.</summary>
public sealed record Directive(string Name, string Value, int Line);
