using System.Globalization;
using System.Net;
using Berth.Core.Errors;

namespace Berth.Api.Hosting;

/// <summary>One -H value: unix:///path or tcp://host:port.</summary>
public sealed record ListenAddress
{
    private ListenAddress(string? unixPath, IPAddress? address, int port, string text)
    {
        UnixPath = unixPath;
        Address = address;
        Port = port;
        Text = text;
    }

    /// <summary>Set for unix sockets.</summary>
    public string? UnixPath { get; }

    /// <summary>Set for TCP listeners.</summary>
    public IPAddress? Address { get; }

    public int Port { get; }

    public string Text { get; }

    public static ListenAddress Unix(string path) => new(path, null, 0, "unix://" + path);

    /// <summary>Parses dockerd's -H forms; a bare path or host:port is accepted too.</summary>
    public static ListenAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = value["unix://".Length..];
            return path.StartsWith('/') ? Unix(path) : throw Invalid(value);
        }

        if (value.StartsWith('/'))
        {
            return Unix(value);
        }

        var hostPort = value.StartsWith("tcp://", StringComparison.Ordinal) ? value["tcp://".Length..] : value;
        if (hostPort.Contains("://", StringComparison.Ordinal))
        {
            throw Invalid(value);
        }

        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            throw Invalid(value);
        }

        var host = hostPort[..colon].Trim('[', ']');
        IPAddress address;
        if (host.Length == 0 || host == "0.0.0.0")
        {
            address = IPAddress.Any;
        }
        else if (host == "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            throw Invalid(value);
        }

        return new ListenAddress(null, address, port, "tcp://" + hostPort);
    }

    private static EngineException Invalid(string value) =>
        EngineException.InvalidArgument($"invalid -H/--host value \"{value}\": expected unix:///path or tcp://address:port");
}
