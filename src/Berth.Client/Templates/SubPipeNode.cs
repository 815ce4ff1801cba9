namespace Berth.Client.Templates;

/// <summary>A parenthesized pipeline used as an argument.</summary>
internal sealed record SubPipeNode(int Line, PipeNode Pipe) : TemplateNode(Line)
{
    public override string Source => "(" + Pipe.Source + ")";
}
