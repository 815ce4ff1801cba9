using System.Net;
using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class ErrorResponseTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>
{
    [RootFact]
    public async Task Rmi_of_a_missing_image_says_no_such_image()
    {
        var result = await daemon.RunCliAsync(["rmi", "nosuch"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error response from daemon: No such image: nosuch:latest", result.Stderr);
    }

    [RootFact(DockerdTooOld = "GET /images/nosuch:1/json says \"no such image: nosuch:1: No such image: nosuch:1\"")]
    public async Task Inspect_of_a_missing_image_fails()
    {
        var result = await daemon.RunCliAsync(["image", "inspect", "nosuch:1"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No such image: nosuch:1", result.Stderr);

        using var response = await daemon.Http.GetAsync("/images/nosuch:1/json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("No such image: nosuch:1", body.RootElement.GetProperty("message").GetString());
    }

    [RootTheory]
    [InlineData("{\"nosuchfilter\":{\"x\":true}}")]
    [InlineData("{\"dangling\":{\"maybe\":true}}")]
    public async Task Malformed_image_filters_are_400(string filters) => await AssertBadRequestAsync(filters);

    [RootFact(DockerdTooOld = "filters that are not JSON are a 500 (current Docker: invalidFilter, 400)")]
    public async Task Filters_that_are_not_json_are_400() => await AssertBadRequestAsync("{not json");

    private async Task AssertBadRequestAsync(string filters)
    {
        using var response = await daemon.Http.GetAsync("/images/json?filters=" + Uri.EscapeDataString(filters));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
    }
}
