namespace Berth.Api.Models;

public sealed class CommitInfo
{
    public string ID { get; init; } = "";
}
