using System.Text.Json;

namespace Berth.Api.Models.Containers;

/// <summary>POST /containers/create body: Config fields plus HostConfig and NetworkingConfig.</summary>
public sealed class ContainerCreateRequest : ContainerConfig
{
    public HostConfig? HostConfig { get; init; }
    public JsonElement? NetworkingConfig { get; init; }
}
