namespace Berth.Client.Templates;

/// <summary>if / with / range with an optional else list (else-if chains nest here).</summary>
internal sealed record BranchNode(int Line, BranchKind Kind, PipeNode Pipe, ListNode Body, ListNode? Else) : TemplateNode(Line);
