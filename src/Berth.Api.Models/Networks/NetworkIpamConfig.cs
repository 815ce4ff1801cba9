namespace Berth.Api.Models.Networks;

/// <summary>One IPAM pool; empty fields are left out, as Go's omitempty does.</summary>
public sealed class NetworkIpamConfig
{
    public string? Subnet { get; init; }
    public string? IPRange { get; init; }
    public string? Gateway { get; init; }
    public IReadOnlyDictionary<string, string>? AuxiliaryAddresses { get; init; }
}
