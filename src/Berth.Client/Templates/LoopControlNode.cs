namespace Berth.Client.Templates;

/// <summary>{{break}} or {{continue}} inside a range.</summary>
internal sealed record LoopControlNode(int Line, bool IsBreak) : TemplateNode(Line);
