namespace Berth.Build.Parsing;

/// <summary>A non-fatal finding of the parser (BuildKit reports these as build warnings).</summary>
/// <param name="Short">One-line message, e.g. "Empty continuation line found in: RUN a b".</param>
/// <param name="Detail">Longer explanation.</param>
/// <param name="Url">Documentation link for the rule.</param>
/// <param name="Line">1-based line the warning points at.</param>
public sealed record ParseWarning(string Short, string Detail, string Url, int Line)
{
    public override string ToString() => $"[WARNING]: {Short}";
}
