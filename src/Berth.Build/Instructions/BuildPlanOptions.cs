namespace Berth.Build.Instructions;

/// <summary>Inputs of <see cref="BuildPlan.Create"/>: --target, --build-arg and platforms.</summary>
public sealed record BuildPlanOptions
{
    /// <summary>Stage name to stop at; null or "" builds the last stage.</summary>
    public string? Target { get; init; }

    public IReadOnlyDictionary<string, string?> BuildArgs { get; init; } = new Dictionary<string, string?>();

    public BuildPlatform? TargetPlatform { get; init; }

    public BuildPlatform? BuildPlatform { get; init; }
}
