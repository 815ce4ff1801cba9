using System.Net;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Store;

namespace Berth.Networking;

/// <summary>
/// Docker's validation of an endpoint request (moby's validateEndpointSettings), run at container
/// create and network connect so a bad --ip/--ip6 fails before anything exists. All problems are
/// reported together, one a line, as Docker joins them.
/// </summary>
public sealed partial class NetworkService
{
    private const string ErrIpOnPredefined = "user specified IP address is supported on user defined networks only";
    private const string ErrIpWithoutUserSubnet = "user specified IP address is supported only when connecting to networks with user configured subnets";

    public async Task ValidateEndpointAsync(string networkNameOrId, EndpointRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await Task.CompletedTask;
        ValidateEndpoint(Resolve(networkNameOrId), request);
    }

    private static void ValidateEndpoint(NetworkRecord network, EndpointRequest request)
    {
        string? ip4 = string.IsNullOrEmpty(request.IPv4Address) ? null : request.IPv4Address;
        string? ip6 = string.IsNullOrEmpty(request.IPv6Address) ? null : request.IPv6Address;
        if (ip4 is null && ip6 is null)
        {
            return;
        }

        var errors = new List<string>();
        if (network.Predefined)
        {
            errors.Add(ErrIpOnPredefined);
        }

        bool valid4 = ip4 is null || (Ipv4Subnet.TryParseAddress(ip4, out var address4) && !address4.Equals(IPAddress.Any));
        bool valid6 = ip6 is null || (Ipv6Subnet.TryParseAddress(ip6, out var address6) && !address6.Equals(IPAddress.IPv6Any));
        if (!valid4)
        {
            errors.Add($"invalid IPv4 address: {ip4}");
        }

        if (!valid6)
        {
            errors.Add($"invalid IPv6 address: {ip6}");
        }

        if (!network.Predefined && network.IsBridge)
        {
            if (ip4 is not null && valid4)
            {
                var subnet = network.UserSubnet ? network.Gateway?.Subnet : null;
                AddRangeError(errors, ip4, subnet is { } s && s.Contains(IPAddress.Parse(ip4)), subnet is not null);
            }

            if (ip6 is not null && valid6)
            {
                var subnet6 = network.UserSubnet6 ? network.Gateway6?.Subnet : null;
                AddRangeError(errors, ip6, subnet6 is { } s6 && s6.Contains(Ipv6Subnet.ToUInt128(IPAddress.Parse(ip6))), subnet6 is not null);
            }
        }

        if (errors.Count > 0)
        {
            throw EngineException.InvalidArgument("invalid endpoint settings:\n" + string.Join('\n', errors));
        }
    }

    /// <summary>moby's validateEndpointIPAddress: a static subnet that lacks the address, or no static subnet at all.</summary>
    private static void AddRangeError(List<string> errors, string address, bool inSubnet, bool userSubnet)
    {
        if (!userSubnet)
        {
            errors.Add(ErrIpWithoutUserSubnet);
        }
        else if (!inSubnet)
        {
            errors.Add($"no configured subnet or ip-range contain the IP address {address}");
        }
    }
}
