namespace Berth.Api.Models.Volumes;

/// <summary>`GET /volumes`.</summary>
public sealed class VolumeListResponse
{
    public IReadOnlyList<VolumeResponse> Volumes { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
