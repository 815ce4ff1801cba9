using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

public sealed class TwoDaemonsTests
{
    [RootFact]
    public async Task Two_daemons_on_different_roots_and_sockets_run_side_by_side_and_stay_apart()
    {
        await using var a = new DaemonFixture();
        await using var b = new DaemonFixture();
        await a.StartAsync();
        await b.StartAsync();

        await BusyboxRootfs.EnsureBusyboxImageAsync(a);

        Assert.Contains("busybox", (await a.RunCliAsync(["images"])).EnsureSuccess().Stdout);
        Assert.Empty((await b.RunCliAsync(["images", "-q"])).EnsureSuccess().Lines);

        using var infoA = JsonDocument.Parse(await a.Http.GetStringAsync("/info"));
        using var infoB = JsonDocument.Parse(await b.Http.GetStringAsync("/info"));
        Assert.Equal(a.DataRoot, infoA.RootElement.GetProperty("DockerRootDir").GetString());
        Assert.Equal(b.DataRoot, infoB.RootElement.GetProperty("DockerRootDir").GetString());

        // Each daemon writes its own pidfile.
        Assert.Equal(a.ProcessId.ToString(), File.ReadAllText(a.PidFile).Trim());
        Assert.Equal(b.ProcessId.ToString(), File.ReadAllText(b.PidFile).Trim());

        await a.KillAsync();
        (await b.RunCliAsync(["version"])).EnsureSuccess();
    }
}
