namespace Berth.Client.Templates;

internal sealed record ListNode(int Line, List<TemplateNode> Nodes) : TemplateNode(Line);
