using System.Text.Json;
using Berth.Core.Containers;
using Xunit;

namespace Berth.Api.Tests.Containers;

public sealed class ContainerStatsIoTests
{
    [Fact]
    public async Task Stats_CarryNetworksAndBlockIo()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "s");
        containers.StatsNetworks = new Dictionary<string, NetworkCounters> { ["eth0"] = new(1500, 12, 1, 2, 900, 9, 3, 4) };
        containers.StatsBlkio = [new BlkioEntry(8, 0, "Read", 4096), new BlkioEntry(8, 0, "Write", 8192)];

        using var stats = JsonDocument.Parse(await server.Client.GetStringAsync("/containers/s/stats?stream=false&one-shot=true"));
        var root = stats.RootElement;
        Assert.Equal(
            """{"eth0":{"rx_bytes":1500,"rx_packets":12,"rx_errors":1,"rx_dropped":2,"tx_bytes":900,"tx_packets":9,"tx_errors":3,"tx_dropped":4}}""",
            root.GetProperty("networks").GetRawText());
        Assert.Equal(
            """{"io_service_bytes_recursive":[{"major":8,"minor":0,"op":"Read","value":4096},{"major":8,"minor":0,"op":"Write","value":8192}]}""",
            root.GetProperty("blkio_stats").GetRawText());
    }

    [Fact]
    public async Task Stats_WithoutCountersOmitNetworksAndLeaveBlkioEmpty()
    {
        var (server, containers) = await ContainerTestServer.StartAsync();
        await using var _ = server;
        containers.Add("c1", "s");

        using var stats = JsonDocument.Parse(await server.Client.GetStringAsync("/containers/s/stats?stream=false&one-shot=true"));
        Assert.False(stats.RootElement.TryGetProperty("networks", out var _));
        Assert.Equal("{}", stats.RootElement.GetProperty("blkio_stats").GetRawText());
    }
}
