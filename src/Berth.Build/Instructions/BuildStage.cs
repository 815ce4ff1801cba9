namespace Berth.Build.Instructions;

/// <summary>One FROM ... stage of a build plan.</summary>
public sealed class BuildStage
{
    internal BuildStage(int index, FromInstruction from, string baseName)
    {
        Index = index;
        From = from;
        BaseName = baseName;
    }

    public int Index { get; }

    /// <summary>Lower-cased AS name, or "".</summary>
    public string Name => From.StageName;

    public FromInstruction From { get; }

    /// <summary>FROM's image expanded with the global ARG scope (e.g. "alpine:3.20" or "builder").</summary>
    public string BaseName { get; }

    /// <summary>The earlier stage this one builds on, or null when it starts from an image (or scratch).</summary>
    public BuildStage? BaseStage { get; internal set; }

    /// <summary>True for FROM scratch.</summary>
    public bool IsScratch => BaseStage is null && string.Equals(BaseName, "scratch", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<Instruction> Instructions => InstructionList;

    /// <summary>Indices of the stages this one needs (base stage, COPY --from, RUN --mount from=).</summary>
    public IReadOnlySet<int> Dependencies => DependencySet;

    /// <summary>Image references used by COPY --from / RUN --mount from= that are not stages.</summary>
    public IReadOnlySet<string> ImageReferences => ImageSet;

    internal List<Instruction> InstructionList { get; } = [];

    internal SortedSet<int> DependencySet { get; } = [];

    internal HashSet<string> ImageSet { get; } = new(StringComparer.Ordinal);

    public override string ToString() => Name.Length > 0 ? $"stage {Index} ({Name})" : $"stage {Index}";
}
