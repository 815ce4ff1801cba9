namespace Berth.Client.Templates;

internal sealed record ActionNode(int Line, PipeNode Pipe) : TemplateNode(Line)
{
    public override string Source => "{{" + Pipe.Source + "}}";
}
