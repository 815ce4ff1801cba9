namespace Berth.Client.Templates;

internal sealed record TextNode(int Line, string Text) : TemplateNode(Line);
