namespace Berth.Core.Networks;

/// <summary>IPAM of a network. Driver "default" only; an empty Config means one pool from the default pools.</summary>
public sealed record IpamSpec
{
    public string Driver { get; init; } = "default";
    public IReadOnlyList<IpamPoolConfig> Config { get; init; } = [];
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
