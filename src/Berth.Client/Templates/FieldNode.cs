namespace Berth.Client.Templates;

/// <summary>.A.B relative to dot.</summary>
internal sealed record FieldNode(int Line, string[] Names) : TemplateNode(Line)
{
    public override string Source => "." + string.Join(".", Names);
}
