using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands.Containers;

/// <summary>nat.ParsePortSpecs for -p and --expose: exposed ports and host bindings keyed "80/tcp".</summary>
internal sealed class PortSpecs
{
    public SortedDictionary<string, List<(string HostIp, string HostPort)>> Bindings { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Exposed { get; } = new(StringComparer.Ordinal);

    /// <summary>"[ip:][hostPort:]containerPort[/proto]"; ranges "8000-8001:80-81" pair up.</summary>
    public void AddPublish(string spec)
    {
        var (rest, proto) = SplitProto(spec);
        string ip = string.Empty, host = string.Empty, container;
        var lastColon = rest.LastIndexOf(':');
        if (lastColon < 0)
        {
            container = rest;
        }
        else
        {
            container = rest[(lastColon + 1)..];
            var front = rest[..lastColon];
            var hostColon = front.StartsWith('[') ? front.IndexOf("]:", StringComparison.Ordinal) + 1 : front.LastIndexOf(':');
            if (hostColon > 0)
            {
                ip = front[..hostColon].Trim('[', ']');
                host = front[(hostColon + 1)..];
            }
            else
            {
                host = front;
            }
        }

        if (container.Length == 0)
        {
            throw new FormatException($"no port specified: {spec}<empty>");
        }

        var (start, end) = ParseRange(container, "containerPort");
        var (hostStart, hostEnd) = host.Length > 0 ? ParseRange(host, "hostPort") : (0, 0);
        if (host.Length > 0 && hostEnd - hostStart != end - start && hostStart != hostEnd)
        {
            throw new FormatException($"invalid ranges specified for container and host Ports: {container} and {host}");
        }

        for (var port = start; port <= end; port++)
        {
            var key = $"{port}/{proto}";
            Exposed.Add(key);
            var hostPort = host.Length == 0 ? string.Empty
                : hostStart == hostEnd ? (end > start ? $"{hostStart}" : host)
                : (hostStart + port - start).ToString(CultureInfo.InvariantCulture);
            if (!Bindings.TryGetValue(key, out var list))
            {
                Bindings[key] = list = [];
            }

            list.Add((ip, hostPort));
        }
    }

    public void AddExpose(string spec)
    {
        var (rest, proto) = SplitProto(spec);
        var (start, end) = ParseRange(rest, "port");
        for (var port = start; port <= end; port++)
        {
            Exposed.Add($"{port}/{proto}");
        }
    }

    public JsonObject ExposedJson()
    {
        var result = new JsonObject();
        foreach (var key in Exposed)
        {
            result[key] = new JsonObject();
        }

        return result;
    }

    public JsonObject BindingsJson()
    {
        var result = new JsonObject();
        foreach (var (key, list) in Bindings)
        {
            var array = new JsonArray();
            foreach (var (ip, port) in list)
            {
                array.Add((JsonNode)new JsonObject { ["HostIp"] = ip, ["HostPort"] = port });
            }

            result[key] = array;
        }

        return result;
    }

    private static (string Spec, string Proto) SplitProto(string spec)
    {
        var slash = spec.LastIndexOf('/');
        if (slash < 0)
        {
            return (spec, "tcp");
        }

        var proto = spec[(slash + 1)..].ToLowerInvariant();
        if (proto is not ("tcp" or "udp" or "sctp"))
        {
            throw new FormatException($"invalid proto: {proto}");
        }

        return (spec[..slash], proto);
    }

    private static (int Start, int End) ParseRange(string text, string what)
    {
        var dash = text.IndexOf('-');
        var startText = dash < 0 ? text : text[..dash];
        var endText = dash < 0 ? text : text[(dash + 1)..];
        if (!ushort.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !ushort.TryParse(endText, NumberStyles.None, CultureInfo.InvariantCulture, out var end) || end < start)
        {
            throw new FormatException($"invalid {what}: {text}");
        }

        return (start, end);
    }
}
