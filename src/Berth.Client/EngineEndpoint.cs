namespace Berth.Client;

/// <summary>Where the engine listens: <c>unix:///path</c> or <c>tcp://host:port</c>.</summary>
public sealed record EngineEndpoint
{
    public const string DefaultHost = "unix:///run/berth/berth.sock";

    private EngineEndpoint(string original, string scheme, string address, int port)
    {
        Original = original;
        Scheme = scheme;
        Address = address;
        Port = port;
    }

    /// <summary>The host string as given, used in error messages.</summary>
    public string Original { get; }

    /// <summary>"unix" or "tcp".</summary>
    public string Scheme { get; }

    /// <summary>Socket path for unix, host name or IP for tcp.</summary>
    public string Address { get; }

    public int Port { get; }

    public static EngineEndpoint Parse(string host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = host["unix://".Length..];
            if (path.Length == 0)
            {
                throw new ArgumentException($"invalid bind address ({host}): empty path");
            }

            return new EngineEndpoint(host, "unix", path, 0);
        }

        if (host.StartsWith('/'))
        {
            return new EngineEndpoint("unix://" + host, "unix", host, 0);
        }

        var rest = host.StartsWith("tcp://", StringComparison.Ordinal) ? host["tcp://".Length..]
            : host.StartsWith("http://", StringComparison.Ordinal) ? host["http://".Length..]
            : throw new ArgumentException($"Invalid bind address format: {host}");
        rest = rest.TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(rest.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535)
        {
            throw new ArgumentException($"Invalid bind address format: {host}");
        }

        var name = rest[..colon].Trim('[', ']');
        return new EngineEndpoint("tcp://" + rest, "tcp", name, port);
    }

    /// <summary>-H/--host first, then $BERTH_HOST, then $DOCKER_HOST, then the default socket.</summary>
    public static EngineEndpoint Resolve(string? hostFlag, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var host = NonEmpty(hostFlag) ?? NonEmpty(environment("BERTH_HOST")) ?? NonEmpty(environment("DOCKER_HOST")) ?? DefaultHost;
        return Parse(host);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
