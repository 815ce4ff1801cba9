namespace Berth.Api.Models.Containers;

public sealed class PortBinding
{
    public string HostIp { get; init; } = "";
    public string HostPort { get; init; } = "";
}
