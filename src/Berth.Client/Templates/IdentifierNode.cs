namespace Berth.Client.Templates;

/// <summary>A function name.</summary>
internal sealed record IdentifierNode(int Line, string Name) : TemplateNode(Line)
{
    public override string Source => Name;
}
