namespace Berth.Core.Networks;

/// <summary>
/// One published port. HostIp "" or "0.0.0.0" = every address, "127.0.0.1" = loopback only.
/// HostPort "" or "0" = a free one from 32768-60999; "8000-8010" ranges are not supported yet.
/// </summary>
public sealed record PortBinding
{
    /// <summary>"tcp" or "udp".</summary>
    public string Protocol { get; init; } = "tcp";
    public required int ContainerPort { get; init; }
    public string HostIp { get; init; } = "";
    public string HostPort { get; init; } = "";
}
