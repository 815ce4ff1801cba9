namespace Berth.Api.Models.Networks;

/// <summary>POST /networks/{id}/disconnect body.</summary>
public sealed class NetworkDisconnectRequest
{
    public string? Container { get; init; }
    public bool Force { get; init; }
}
