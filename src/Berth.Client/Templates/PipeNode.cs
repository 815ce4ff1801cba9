namespace Berth.Client.Templates;

/// <summary>Optional variable declaration/assignment followed by commands joined with '|'.</summary>
internal sealed record PipeNode(int Line, List<string> Variables, bool IsAssign, List<CommandNode> Commands) : TemplateNode(Line)
{
    public override string Source =>
        (Variables.Count > 0 ? string.Join(", ", Variables) + (IsAssign ? " = " : " := ") : string.Empty)
        + string.Join(" | ", Commands.Select(c => c.Source));
}
