namespace Berth.Api.Models.Containers;

public sealed class TmpfsOptions
{
    public long? SizeBytes { get; init; }
    public int? Mode { get; init; }
}
