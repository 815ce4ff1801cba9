using System.Net;
using System.Text.Json;
using Berth.Core.Events;

namespace Berth.Api.Tests;

public sealed class EventEndpointsTests
{
    private static EngineEvent ImageEvent(string action, string id, DateTimeOffset time) =>
        new("image", action, id, new Dictionary<string, string> { ["name"] = "a:1" }, time);

    [Fact]
    public async Task Events_StreamsLiveEventsMatchingFilters()
    {
        await using var server = await ApiTestServer.StartAsync();
        var filters = Uri.EscapeDataString("""{"type":{"image":true},"event":{"tag":true}}""");
        using var response = await server.Client.GetAsync($"/v1.51/events?filters={filters}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // Headers arrive before any event, so the subscriber exists now.
        server.Events.Publish(ImageEvent("delete", "sha256:1", DateTimeOffset.UtcNow));
        server.Events.Publish(new EngineEvent("container", "tag", "c1", new Dictionary<string, string>(), DateTimeOffset.UtcNow));
        server.Events.Publish(ImageEvent("tag", "sha256:2", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(7)));

        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        using var json = JsonDocument.Parse(line!);
        var root = json.RootElement;
        Assert.Equal("image", root.GetProperty("Type").GetString());
        Assert.Equal("tag", root.GetProperty("Action").GetString());
        Assert.Equal("sha256:2", root.GetProperty("Actor").GetProperty("ID").GetString());
        Assert.Equal("a:1", root.GetProperty("Actor").GetProperty("Attributes").GetProperty("name").GetString());
        Assert.Equal("local", root.GetProperty("scope").GetString());
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds(), root.GetProperty("time").GetInt64());
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds() * 1_000_000_000 + 700, root.GetProperty("timeNano").GetInt64());
    }

    [Fact]
    public async Task Events_WithSinceAndUntil_ReplaysHistoryAndEnds()
    {
        await using var server = await ApiTestServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        server.Events.Publish(ImageEvent("old", "sha256:0", now.AddMinutes(-10)));
        server.Events.Publish(ImageEvent("tag", "sha256:1", now.AddSeconds(-5)));
        server.Events.Publish(ImageEvent("untag", "sha256:2", now.AddSeconds(-4)));

        var since = now.AddMinutes(-1).ToUnixTimeSeconds();
        var until = now.ToUnixTimeSeconds() + 1;
        var text = await server.Client.GetStringAsync($"/events?since={since}&until={until}").WaitAsync(TimeSpan.FromSeconds(10));
        var actions = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Action").GetString()!).ToArray();

        Assert.Equal(["tag", "untag"], actions);
    }

    [Fact]
    public async Task Events_UnknownFilter_Is400()
    {
        await using var server = await ApiTestServer.StartAsync();
        var filters = Uri.EscapeDataString("""{"colour":{"red":true}}""");
        using var response = await server.Client.GetAsync($"/events?filters={filters}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid filter 'colour'", await VersioningTests.Message(response));
    }
}
