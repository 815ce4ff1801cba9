using Xunit;

namespace Berth.Runtime.Tests.Networking;

/// <summary>Each harness has its own bridge and chains, but the tests start many containers with real networking:
/// one at a time keeps them within the test timeouts on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetworkCollection
{
    public const string Name = "host networking";
}
