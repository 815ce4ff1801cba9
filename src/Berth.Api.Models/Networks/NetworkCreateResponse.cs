namespace Berth.Api.Models.Networks;

/// <summary>POST /networks/create answer: both fields are always present.</summary>
public sealed class NetworkCreateResponse
{
    public required string Id { get; init; }
    public string Warning { get; init; } = "";
}
