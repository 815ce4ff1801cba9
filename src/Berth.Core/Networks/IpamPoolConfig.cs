namespace Berth.Core.Networks;

/// <summary>One IPAM pool: Subnet "172.30.0.0/16", optional IPRange (allocate only inside it) and Gateway.</summary>
public sealed record IpamPoolConfig
{
    public string? Subnet { get; init; }
    public string? IPRange { get; init; }
    public string? Gateway { get; init; }
}
