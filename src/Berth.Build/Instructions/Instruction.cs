namespace Berth.Build.Instructions;

/// <summary>
/// Base of every typed instruction. Values are as written (not yet expanded); use
/// <see cref="InstructionExpander"/> with the stage's variables to expand the ones Docker expands.
/// </summary>
public abstract record Instruction
{
    /// <summary>Upper-case keyword, e.g. "COPY".</summary>
    public required string Name { get; init; }

    /// <summary>The logical source line (continuations joined).</summary>
    public string Original { get; init; } = "";

    public int StartLine { get; init; }

    public int EndLine { get; init; }
}
