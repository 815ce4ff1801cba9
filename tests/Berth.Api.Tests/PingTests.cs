using System.Net;

namespace Berth.Api.Tests;

public sealed class PingTests
{
    [Theory]
    [InlineData("/_ping")]
    [InlineData("/v1.51/_ping")]
    [InlineData("/v1.24/_ping")]
    public async Task GetPing_AnswersOkWithDockerHeaders(string path)
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
        AssertPingHeaders(response);
    }

    [Fact]
    public async Task HeadPing_HasHeadersAndNoBody()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/_ping"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        AssertPingHeaders(response);
    }

    private static void AssertPingHeaders(HttpResponseMessage response)
    {
        Assert.Equal("1.51", Header(response, "Api-Version"));
        Assert.Equal("false", Header(response, "Docker-Experimental"));
        Assert.Equal("linux", Header(response, "Ostype"));
        Assert.Equal("1", Header(response, "Builder-Version"));
        Assert.Equal("no-cache", Header(response, "Pragma"));
        Assert.Equal("no-cache, no-store, must-revalidate", Header(response, "Cache-Control"));
        Assert.StartsWith("Berth/", Header(response, "Server"));
        Assert.EndsWith("(linux)", Header(response, "Server"));
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        // NonValidated: the raw header as sent, not HttpClient's re-serialisation of it.
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString()
        : response.Content.Headers.NonValidated.TryGetValues(name, out values) ? values.ToString()
        : throw new Xunit.Sdk.XunitException($"header {name} missing");
}
