using System.Text.Json;
using Berth.Api.Models.Containers;
using Berth.Core.Errors;
using Berth.Core.Networks;

namespace Berth.Api.Containers;

/// <summary>
/// The create request's network parts → the engine's: NetworkingConfig.EndpointsConfig (kept raw in
/// the wire model) to endpoint requests, HostConfig.PortBindings to a flat binding list.
/// </summary>
internal static class NetworkingConfigMapper
{
    /// <summary>EndpointsConfig entries; the deprecated Config.MacAddress applies to the NetworkMode network.</summary>
    public static Dictionary<string, EndpointRequest> Endpoints(ContainerCreateRequest request, string networkMode)
    {
        var result = new Dictionary<string, EndpointRequest>(StringComparer.Ordinal);
        if (request.NetworkingConfig is { ValueKind: JsonValueKind.Object } config
            && Property(config, "EndpointsConfig") is { ValueKind: JsonValueKind.Object } endpoints)
        {
            foreach (JsonProperty network in endpoints.EnumerateObject())
            {
                result[network.Name] = network.Value.ValueKind == JsonValueKind.Object ? Endpoint(network.Value) : new EndpointRequest();
            }
        }
        if (!string.IsNullOrEmpty(request.MacAddress) && networkMode is not ("host" or "none") && !networkMode.StartsWith("container:", StringComparison.Ordinal))
        {
            string primary = networkMode is "" or "default" ? "bridge" : networkMode;
            EndpointRequest current = result.GetValueOrDefault(primary) ?? new EndpointRequest();
            if (string.IsNullOrEmpty(current.MacAddress))
            {
                result[primary] = current with { MacAddress = request.MacAddress };
            }
        }
        return result;
    }

    public static EndpointRequest Endpoint(JsonElement settings) => new()
    {
        Aliases = Strings(Property(settings, "Aliases")),
        Links = Strings(Property(settings, "Links")),
        IPv4Address = IpamAddress(settings, "IPv4Address"),
        IPv6Address = IpamAddress(settings, "IPv6Address"),
        MacAddress = Property(settings, "MacAddress") is { ValueKind: JsonValueKind.String } mac && mac.GetString() is { Length: > 0 } m ? m : null,
    };

    private static string? IpamAddress(JsonElement settings, string name) =>
        Property(settings, "IPAMConfig") is { ValueKind: JsonValueKind.Object } ipam
            && Property(ipam, name) is { ValueKind: JsonValueKind.String } ip && ip.GetString() is { Length: > 0 } address ? address : null;

    /// <summary>"80/tcp": [{HostIp, HostPort}] → one binding each; a key without bindings publishes nothing.</summary>
    public static List<Core.Networks.PortBinding> PortBindings(IReadOnlyDictionary<string, IReadOnlyList<Models.Containers.PortBinding>?>? bindings)
    {
        var result = new List<Core.Networks.PortBinding>();
        foreach (var (key, hosts) in bindings ?? new Dictionary<string, IReadOnlyList<Models.Containers.PortBinding>?>())
        {
            var (port, protocol) = ParsePort(key);
            foreach (var host in hosts ?? [])
            {
                result.Add(new Core.Networks.PortBinding { ContainerPort = port, Protocol = protocol, HostIp = host.HostIp, HostPort = host.HostPort });
            }
        }
        return result;
    }

    public static (int Port, string Protocol) ParsePort(string key)
    {
        int slash = key.IndexOf('/');
        string number = slash < 0 ? key : key[..slash];
        string protocol = slash < 0 ? "tcp" : key[(slash + 1)..].ToLowerInvariant();
        if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw EngineException.InvalidArgument($"invalid port specification: \"{key}\"");
        }
        return (port, protocol);
    }

    /// <summary>Go's encoding/json matches field names without regard to case.</summary>
    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (JsonProperty p in element.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }
        return null;
    }

    private static List<string> Strings(JsonElement? array) =>
        array is { ValueKind: JsonValueKind.Array } a
            ? [.. a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
