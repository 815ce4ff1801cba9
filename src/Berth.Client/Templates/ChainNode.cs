namespace Berth.Client.Templates;

/// <summary>(pipeline).A.B</summary>
internal sealed record ChainNode(int Line, TemplateNode Target, string[] Fields) : TemplateNode(Line)
{
    public override string Source => Target.Source + string.Concat(Fields.Select(f => "." + f));
}
