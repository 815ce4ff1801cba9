using System.Net;
using Berth.Core.Errors;

namespace Berth.Api.Tests;

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData("/nope")]
    [InlineData("/v1.51/nope")]
    [InlineData("/containers/x.json/whatever")]
    public async Task UnknownRoute_IsPageNotFound(string path)
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("page not found", await VersioningTests.Message(response));
    }

    [Fact]
    public async Task KnownPathWithWrongMethod_IsPageNotFound()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.PutAsync("/images/json", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("page not found", await VersioningTests.Message(response));
    }

    [Theory]
    [InlineData(ErrorKind.InvalidArgument, HttpStatusCode.BadRequest)]
    [InlineData(ErrorKind.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(ErrorKind.NotFound, HttpStatusCode.NotFound)]
    [InlineData(ErrorKind.Conflict, HttpStatusCode.Conflict)]
    [InlineData(ErrorKind.Unavailable, HttpStatusCode.ServiceUnavailable)]
    [InlineData(ErrorKind.Internal, HttpStatusCode.InternalServerError)]
    public async Task EngineErrors_MapToStatusAndMessage(ErrorKind kind, HttpStatusCode expected)
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.FailWith = new EngineException(kind, "it went wrong: " + kind);

        using var response = await server.Client.GetAsync("/images/json");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("it went wrong: " + kind, await VersioningTests.Message(response));
    }

    [Fact]
    public async Task NotModified_Is304WithoutBody()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.FailWith = EngineException.NotModified("already so");

        using var response = await server.Client.GetAsync("/images/json");

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UnexpectedException_Is500WithoutStackTrace()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.FailWith = new InvalidOperationException("disk on fire");

        using var response = await server.Client.GetAsync("/images/json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"message":"disk on fire"}""", body.Trim());
    }

    [Fact]
    public async Task MissingImage_Is404NoSuchImage()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.GetAsync("/v1.51/images/missing:latest/json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No such image: missing:latest", await VersioningTests.Message(response));
    }

    [Theory]
    [InlineData("not-json")]
    [InlineData("[1,2]")]
    [InlineData("{\"dangling\":5}")]
    public async Task MalformedFilters_Are400(string filters)
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.GetAsync("/images/json?filters=" + Uri.EscapeDataString(filters));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("invalid filter", await VersioningTests.Message(response));
    }

    [Fact]
    public async Task BadTimestamp_Is400()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.GetAsync("/events?since=yesterday-ish", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("since", await VersioningTests.Message(response));
    }
}
