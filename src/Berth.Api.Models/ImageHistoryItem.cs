namespace Berth.Api.Models;

/// <summary>GET /images/{name}/history entry (Docker's HistoryResponseItem); Created is unix seconds.</summary>
public sealed class ImageHistoryItem
{
    public string Id { get; init; } = "";
    public long Created { get; init; }
    public string CreatedBy { get; init; } = "";
    public IReadOnlyList<string>? Tags { get; init; }
    public long Size { get; init; }
    public string Comment { get; init; } = "";
}
