namespace Berth.Api.Models;

/// <summary>GET /version (Docker's SystemVersion).</summary>
public sealed class SystemVersion
{
    public PlatformName? Platform { get; init; }
    public IReadOnlyList<ComponentVersion>? Components { get; init; }
    public string Version { get; init; } = "";
    public string ApiVersion { get; init; } = "";
    public string MinAPIVersion { get; init; } = "";
    public string GitCommit { get; init; } = "";
    public string GoVersion { get; init; } = "";
    public string Os { get; init; } = "";
    public string Arch { get; init; } = "";
    public string KernelVersion { get; init; } = "";
    public bool? Experimental { get; init; }
    public string BuildTime { get; init; } = "";
}
