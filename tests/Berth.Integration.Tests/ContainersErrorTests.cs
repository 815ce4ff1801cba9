using System.Net;
using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>Bad requests get Docker's status codes, messages and CLI exit codes.</summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class ContainersErrorTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>, IAsyncLifetime
{
    public async Task InitializeAsync() => await BusyboxRootfs.EnsureBusyboxImageAsync(daemon);

    public async Task DisposeAsync()
    {
        var all = await daemon.RunCliAsync(["ps", "-aq"]);
        if (all.Lines.Count > 0)
        {
            await daemon.RunCliAsync(["rm", "-f", .. all.Lines]);
        }
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Duplicate_name_is_409_with_dockers_message(string client)
    {
        string name = ContainerClients.UniqueName("dup");
        string id = (await daemon.RunCliAsync(["create", "--name", name, "busybox", "true"])).EnsureSuccess().Stdout.Trim();
        await daemon.RememberContainersAsync();
        string expected = $"Error response from daemon: Conflict. The container name \"/{name}\" is already in use by container \"{id}\". " +
            "You have to remove (or rename) that container to be able to reuse that name.";

        var create = await daemon.RunAsync(client, "create", "--name", name, "busybox", "true");
        Assert.Equal(1, create.ExitCode); // docker create exits 1 on a daemon error (only run uses 125)
        Assert.Contains(expected, create.Stderr);
        var run = await daemon.RunAsync(client, "run", "--name", name, "busybox", "true");
        Assert.Equal(125, run.ExitCode);
        Assert.Contains(expected, run.Stderr);

        using var response = await daemon.Http.PostAsync($"/containers/create?name={name}",
            new StringContent("{\"Image\":\"busybox\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected["Error response from daemon: ".Length..], body.RootElement.GetProperty("message").GetString());
        (await daemon.RunCliAsync(["rm", name])).EnsureSuccess();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Stop_of_a_stopped_container_prints_its_name_and_exits_0(string client)
    {
        string name = ContainerClients.UniqueName("stopped");
        (await daemon.RunCliAsync(["run", "--name", name, "--network", "none", "busybox", "true"])).EnsureSuccess();
        await daemon.RememberContainersAsync();
        using (var response = await daemon.Http.PostAsync($"/containers/{name}/stop", null))
        {
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        }
        var stop = await daemon.RunAsync(client, "stop", name);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal(name, stop.Stdout.Trim());
        (await daemon.RunCliAsync(["rm", name])).EnsureSuccess();
    }

    [RootTheory(DockerdTooOld = "\"You cannot remove a running container <id>. Stop the container before attempting removal or force remove\"")]
    [InlineData(ContainerClients.Berth)]
    [InlineData(ContainerClients.Docker)]
    public async Task Rm_of_a_running_container_without_force_fails_with_exit_1(string client)
    {
        string name = ContainerClients.UniqueName("busy");
        (await daemon.RunCliAsync(["run", "-d", "--name", name, "--network", "none", "busybox", "sleep", "3600"])).EnsureSuccess();
        await daemon.RememberContainersAsync();
        var rm = await daemon.RunAsync(client, "rm", name);
        Assert.Equal(1, rm.ExitCode);
        Assert.Contains($"Error response from daemon: cannot remove container \"/{name}\": container is running: stop the container before removing or force remove", rm.Stderr);
        Assert.Equal("running", await daemon.InspectAsync("{{.State.Status}}", name));
        (await daemon.RunCliAsync(["rm", "-f", name])).EnsureSuccess();
        await daemon.AssertNoLeftoversAsync();
    }

    [RootTheory]
    [InlineData(ContainerClients.Berth, "stop")]
    [InlineData(ContainerClients.Berth, "start")]
    [InlineData(ContainerClients.Berth, "rm")]
    [InlineData(ContainerClients.Berth, "logs")]
    [InlineData(ContainerClients.Berth, "kill")]
    [InlineData(ContainerClients.Docker, "stop")]
    [InlineData(ContainerClients.Docker, "rm")]
    [InlineData(ContainerClients.Docker, "logs")]
    public async Task Unknown_container_is_no_such_container(string client, string command)
    {
        var result = await daemon.RunAsync(client, command, "x");
        Assert.Equal(1, result.ExitCode);
        // kill's route wraps the error (moby's postContainersKill; 20.10 capitalises "Cannot").
        string expected = command == "kill" ? "Error response from daemon: cannot kill container: x: No such container: x" : "Error response from daemon: No such container: x";
        Assert.Contains(expected, result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [RootFact]
    public async Task Unknown_container_over_the_api_is_404()
    {
        using var response = await daemon.Http.GetAsync("/containers/x/json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("No such container: x", body.RootElement.GetProperty("message").GetString());
    }
}
