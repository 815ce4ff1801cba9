namespace Berth.Api.Models;

public sealed class RegistryServiceConfig
{
    public IReadOnlyList<string> InsecureRegistryCIDRs { get; init; } = [];
    public IReadOnlyDictionary<string, IndexInfo> IndexConfigs { get; init; } = new Dictionary<string, IndexInfo>();
    public IReadOnlyList<string> Mirrors { get; init; } = [];
}
