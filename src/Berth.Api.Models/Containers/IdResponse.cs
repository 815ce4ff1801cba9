namespace Berth.Api.Models.Containers;

/// <summary>{"Id": ...}: what exec create answers.</summary>
public sealed class IdResponse
{
    public string Id { get; init; } = "";
}
