namespace Berth.Client.Templates;

/// <summary>A constant: string, long, double, bool or nil (null).</summary>
internal sealed record LiteralNode(int Line, object? Value, string Text) : TemplateNode(Line)
{
    public override string Source => Text;
}
