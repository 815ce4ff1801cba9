namespace Berth.Networking.Store;

/// <summary>A published port: HostIp "0.0.0.0" or a specific address, always a concrete HostPort.</summary>
internal sealed record PortRecord(string ContainerId, string Protocol, string HostIp, int HostPort, string ContainerIp, int ContainerPort, string BridgeName);
