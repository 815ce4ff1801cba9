using System.Net;
using System.Text.Json;

namespace Berth.Api.Tests;

public sealed class VersioningTests
{
    [Theory]
    [InlineData("/version")]
    [InlineData("/v1.51/version")]
    [InlineData("/v1.41/version")]
    [InlineData("/v1.24/version")]
    public async Task Version_IsServedWithAndWithoutPrefix(string path)
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("1.51", root.GetProperty("ApiVersion").GetString());
        Assert.Equal("1.24", root.GetProperty("MinAPIVersion").GetString());
        Assert.Equal("linux", root.GetProperty("Os").GetString());
        Assert.Equal("Engine", root.GetProperty("Components")[0].GetProperty("Name").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("KernelVersion").GetString()));
        Assert.Equal("1.51", PingTests.Header(response, "Api-Version"));
    }

    [Fact]
    public async Task TooNewVersion_Is400WithDockersMessage()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.GetAsync("/v1.99/version");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("client version 1.99 is too new. Maximum supported API version is 1.51", await Message(response));
    }

    [Fact]
    public async Task TooOldVersion_Is400WithDockersMessage()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.GetAsync("/v1.12/images/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("client version 1.12 is too old. Minimum supported API version is 1.24", await Message(response));
    }

    [Fact]
    public async Task OldVersion_GetsVirtualSize_NewVersionDoesNot()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add("sha256:" + new string('1', 64), "a:1");

        using var old = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.43/images/json"));
        using var current = JsonDocument.Parse(await server.Client.GetStringAsync("/v1.51/images/json"));

        Assert.Equal(1234, old.RootElement[0].GetProperty("VirtualSize").GetInt64());
        Assert.False(current.RootElement[0].TryGetProperty("VirtualSize", out _));
    }

    internal static async Task<string> Message(HttpResponseMessage response)
    {
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("message").GetString()!;
    }
}
