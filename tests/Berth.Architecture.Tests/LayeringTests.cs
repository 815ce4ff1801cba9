using Xunit;

namespace Berth.Architecture.Tests;

/// <summary>
/// The layering rules of docs/architecture.md: the domain stays free of I/O projects, only the daemon
/// wires implementations together, and the client side never sees engine code.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] Implementations =
        ["Berth.Linux", "Berth.Storage", "Berth.Images", "Berth.Runtime", "Berth.Networking", "Berth.Volumes", "Berth.Build", "Berth.Registry"];

    private readonly ProjectGraph _graph = ProjectGraph.Load();

    [Fact]
    public void CoreDependsOnlyOnOci()
    {
        Assert.Subset(new HashSet<string> { "Berth.Oci" }, _graph.Closure("Berth.Core").ToHashSet());
        Assert.Empty(_graph.Closure("Berth.Oci"));
    }

    [Fact]
    public void OnlyTheDaemonReferencesTheApiLayerAndImplementationsTogether()
    {
        foreach (var (project, _) in _graph.References)
        {
            if (project == "Berth.Daemon")
            {
                continue;
            }
            var closure = _graph.Closure(project);
            var reachesApi = closure.Contains("Berth.Api");
            var reachesImplementation = closure.Overlaps(Implementations);
            Assert.False(reachesApi && reachesImplementation, $"{project} reaches both Berth.Api and an engine implementation; only Berth.Daemon may wire them");
        }
    }

    [Fact]
    public void ApiLayerSeesOnlyContracts()
    {
        var closure = _graph.Closure("Berth.Api");
        Assert.False(closure.Overlaps(Implementations), "Berth.Api must depend on Berth.Core contracts, not implementations: " + string.Join(", ", closure));
    }

    [Theory]
    [InlineData("Berth.Cli")]
    [InlineData("Berth.Client")]
    [InlineData("Berth.Compose")]
    public void ClientSideSeesOnlyTheClientAndWireModels(string project)
    {
        if (!_graph.References.ContainsKey(project))
        {
            return; // not written yet
        }
        var allowed = new HashSet<string> { "Berth.Client", "Berth.Api.Models" };
        var closure = _graph.Closure(project);
        Assert.True(closure.IsSubsetOf(allowed), $"{project} reaches {string.Join(", ", closure.Except(allowed))}");
    }

    [Fact]
    public void ImplementationsDependOnCore()
    {
        foreach (var project in Implementations.Where(_graph.References.ContainsKey).Where(p => p != "Berth.Linux"))
        {
            Assert.Contains("Berth.Core", _graph.Closure(project));
        }
    }
}
