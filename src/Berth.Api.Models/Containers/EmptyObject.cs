namespace Berth.Api.Models.Containers;

/// <summary>Docker's "{}" set members (ExposedPorts, Volumes): the key is the value, the object is empty.</summary>
public sealed class EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}
