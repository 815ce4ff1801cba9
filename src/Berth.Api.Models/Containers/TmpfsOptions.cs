namespace Berth.Api.Models.Containers;

public sealed class TmpfsOptions
{
    public long? SizeBytes { get; init; }
    public int? Mode { get; init; }
    /// <summary>Extra flags as Docker's API sends them: [["exec"]], [["noexec"]].</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Options { get; init; }
}
