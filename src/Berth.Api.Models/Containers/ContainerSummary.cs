namespace Berth.Api.Models.Containers;

/// <summary>One entry of GET /containers/json. Created is unix seconds.</summary>
public sealed class ContainerSummary
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string> Names { get; init; } = [];
    public string Image { get; init; } = "";
    public string ImageID { get; init; } = "";
    public string Command { get; init; } = "";
    public long Created { get; init; }
    public IReadOnlyList<PortSummary> Ports { get; init; } = [];
    public long? SizeRw { get; init; }
    public long? SizeRootFs { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string State { get; init; } = "";
    public string Status { get; init; } = "";
    public SummaryHostConfig HostConfig { get; init; } = new();
    public SummaryNetworkSettings NetworkSettings { get; init; } = new();
    public IReadOnlyList<MountPoint> Mounts { get; init; } = [];
}
