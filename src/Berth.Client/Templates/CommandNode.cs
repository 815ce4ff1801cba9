namespace Berth.Client.Templates;

internal sealed record CommandNode(int Line, List<TemplateNode> Args) : TemplateNode(Line)
{
    public override string Source => string.Join(" ", Args.Select(a => a.Source));
}
