namespace Berth.Client.Templates;

internal sealed record DotNode(int Line) : TemplateNode(Line)
{
    public override string Source => ".";
}
