using Berth.Api.Models.Networks;
using Berth.Core.Errors;
using Berth.Core.Networks;

namespace Berth.Api.Networks;

/// <summary>
/// POST /networks/create body to the engine's spec. Swarm and config-only features are refused with
/// a clear 400 instead of being stored and silently not honoured.
/// </summary>
internal static class NetworkSpecMapper
{
    public static NetworkCreateSpec ToSpec(NetworkCreateRequest request)
    {
        if (string.IsNullOrEmpty(request.Name))
        {
            throw EngineException.InvalidArgument("invalid name: name cannot be empty");
        }

        if (request.Name is "bridge" or "host" or "none" or "default")
        {
            // dockerd's PredefinedNetworkError, trailing space included.
            throw EngineException.Forbidden($"operation is not permitted on predefined {request.Name} network ");
        }

        if (request.Scope is { Length: > 0 } scope && scope != "local")
        {
            throw EngineException.InvalidArgument($"scope \"{scope}\" is not supported: Berth networks are local");
        }

        if (request.Ingress)
        {
            throw EngineException.InvalidArgument("ingress networks need swarm mode, which Berth does not support");
        }

        if (request.ConfigOnly || request.ConfigFrom is { Network.Length: > 0 })
        {
            throw EngineException.InvalidArgument("config-only networks are not supported by Berth");
        }

        if (request.EnableIPv4 == false)
        {
            throw EngineException.InvalidArgument("networks without IPv4 are not supported by Berth");
        }

        var pools = request.IPAM?.Config ?? [];

        if (pools.Any(p => p.AuxiliaryAddresses is { Count: > 0 }))
        {
            throw EngineException.InvalidArgument("auxiliary addresses are not supported by Berth");
        }

        return new NetworkCreateSpec
        {
            Name = request.Name,
            Driver = request.Driver,
            Internal = request.Internal,
            EnableIPv6 = request.EnableIPv6 ?? false,
            Attachable = request.Attachable,
            CheckDuplicate = request.CheckDuplicate ?? false,
            Ipam = new IpamSpec
            {
                Driver = string.IsNullOrEmpty(request.IPAM?.Driver) ? "default" : request.IPAM.Driver,
                Config = pools.Select(p => new IpamPoolConfig { Subnet = p.Subnet, IPRange = p.IPRange, Gateway = p.Gateway }).ToArray(),
                Options = request.IPAM?.Options ?? new Dictionary<string, string>(),
            },
            Options = request.Options ?? [],
            Labels = request.Labels ?? [],
        };
    }
}
