namespace Berth.Runtime;

/// <summary>What a start hands runc about networking: the namespace to join (null = a new empty one
/// unless <see cref="HostNetwork"/>) and the host files to bind-mount.</summary>
internal sealed record NetworkSandbox(string? NetnsPath, bool HostNetwork, string HostsPath, string ResolvConfPath);
