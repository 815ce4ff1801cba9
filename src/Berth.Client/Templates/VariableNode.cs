namespace Berth.Client.Templates;

/// <summary>$x or $x.A.B.</summary>
internal sealed record VariableNode(int Line, string Name, string[] Fields) : TemplateNode(Line)
{
    public override string Source => Name + string.Concat(Fields.Select(f => "." + f));
}
