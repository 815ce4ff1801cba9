using System.Globalization;
using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

/// <summary>An EXPOSE entry: a port or range with a protocol (Docker's nat.ParsePortSpec rules).</summary>
public sealed record PortSpec(int Start, int End, string Protocol)
{
    /// <summary>Parses "80", "80/udp", "8000-8010/tcp" (an "ip:host:" prefix is accepted and ignored).</summary>
    public static PortSpec Parse(string raw)
    {
        var spec = raw;
        var colon = spec.LastIndexOf(':');
        if (colon >= 0)
        {
            spec = spec[(colon + 1)..];
        }
        var proto = "tcp";
        var slash = spec.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            proto = spec[(slash + 1)..];
            spec = spec[..slash];
        }
        if (spec.Length == 0)
        {
            throw new DockerfileException($"no port specified: {raw}<empty>");
        }
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (!TryPort(dash < 0 ? spec : spec[..dash], out var start)
            || !TryPort(dash < 0 ? spec : spec[(dash + 1)..], out var end))
        {
            throw new DockerfileException($"invalid containerPort: {spec}");
        }
        if (end < start)
        {
            throw new DockerfileException($"invalid range specified for container port: {spec}");
        }
        if (proto.ToLowerInvariant() is not ("tcp" or "udp" or "sctp"))
        {
            throw new DockerfileException($"invalid proto: {proto}");
        }
        return new PortSpec(start, end, proto.ToLowerInvariant());
    }

    private static bool TryPort(string s, out int port) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;

    public override string ToString() =>
        Start == End ? $"{Start}/{Protocol}" : $"{Start}-{End}/{Protocol}";
}
