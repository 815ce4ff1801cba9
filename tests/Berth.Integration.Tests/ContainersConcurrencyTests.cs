using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>Many containers created, started and removed at once through the raw API.</summary>
public sealed class ContainersConcurrencyTests(ITestOutputHelper output)
{
    private const int Count = 30;

    [RequiresBinaryFact("runc", "conmon")]
    public async Task Thirty_concurrent_create_start_remove_succeed_or_fail_cleanly_and_leave_nothing()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(daemon);
        using var http = UnixSocketHttp.CreateClient(daemon.Socket, TimeSpan.FromMinutes(3));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Count).Select(i => Task.Run(() => CycleAsync(http, daemon, i))));
        foreach (string o in outcomes)
        {
            output.WriteLine(o);
        }
        Assert.All(outcomes, o => Assert.DoesNotContain("UNCLEAN", o));
        output.WriteLine($"{outcomes.Count(o => o.EndsWith("ok"))}/{Count} full cycles succeeded");

        using var list = JsonDocument.Parse(await http.GetStringAsync("/containers/json?all=1"));
        Assert.Equal(0, list.RootElement.GetArrayLength());
        await daemon.AssertNoLeftoversAsync(TimeSpan.FromSeconds(20));
    }

    private static async Task<string> CycleAsync(HttpClient http, DaemonFixture daemon, int i)
    {
        var body = new JsonObject
        {
            ["Image"] = "busybox",
            ["Cmd"] = new JsonArray("sh", "-c", "echo started; sleep 1"),
            ["HostConfig"] = new JsonObject { ["NetworkMode"] = "none" },
        };
        using var create = await http.PostAsync($"/containers/create?name=conc{i}", JsonContent.Create(body));
        if (create.StatusCode != HttpStatusCode.Created)
        {
            return await Describe(create, $"#{i} create");
        }
        string id = JsonNode.Parse(await create.Content.ReadAsStringAsync())!["Id"]!.GetValue<string>();
        daemon.RememberContainers([id]);
        string result = $"#{i} {id[..12]}";
        using (var start = await http.PostAsync($"/containers/{id}/start", null))
        {
            if (start.StatusCode != HttpStatusCode.NoContent)
            {
                result = await Describe(start, result + " start");
            }
        }
        using (var remove = await http.DeleteAsync($"/containers/{id}?force=1"))
        {
            if (remove.StatusCode != HttpStatusCode.NoContent)
            {
                return await Describe(remove, result + " remove");
            }
        }
        return result.Contains("failed") ? result : result + " ok";
    }

    // A clean failure is a Docker error body: JSON with a non-empty message and a 4xx/5xx status.
    private static async Task<string> Describe(HttpResponseMessage response, string what)
    {
        string text = await response.Content.ReadAsStringAsync();
        try
        {
            string? message = JsonNode.Parse(text)?["message"]?.GetValue<string>();
            if ((int)response.StatusCode >= 400 && !string.IsNullOrEmpty(message))
            {
                return $"{what} failed {(int)response.StatusCode}: {message}";
            }
        }
        catch (JsonException)
        {
        }
        return $"{what} UNCLEAN {(int)response.StatusCode}: {text}";
    }
}
