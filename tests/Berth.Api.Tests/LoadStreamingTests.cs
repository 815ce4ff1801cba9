using System.Net;
using System.Text.Json;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Api.Tests;

public sealed class LoadStreamingTests
{
    [Fact]
    public async Task Load_StreamsEachProgressLineBeforeTheLoadEnds()
    {
        await using var server = await ApiTestServer.StartAsync();
        var firstLineSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Images.OnLoad = async (archive, progress, ct) =>
        {
            await archive.CopyToAsync(Stream.Null, ct);
            progress("Loaded image: a:1");
            // Only finishes once the client has read line one: proves the response is not buffered.
            await firstLineSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            progress("Loaded image ID: sha256:" + new string('d', 64));
            return [];
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1.51/images/load?quiet=1") { Content = new ByteArrayContent([1, 2, 3]) };
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadLineAsync();
        firstLineSeen.SetResult();
        var second = await reader.ReadLineAsync();

        Assert.Equal("Loaded image: a:1\n", StreamText(first));
        Assert.Equal("Loaded image ID: sha256:" + new string('d', 64) + "\n", StreamText(second));
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task Load_ErrorAfterProgress_IsReportedInBand()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.OnLoad = (_, progress, _) =>
        {
            progress("Loaded image: a:1");
            return Task.FromException<IReadOnlyList<ImageDetails>>(EngineException.InvalidArgument("invalid archive: bad layer"));
        };

        using var response = await server.Client.PostAsync("/images/load", new ByteArrayContent([1]));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, lines.Length);
        using var error = JsonDocument.Parse(lines[1]);
        Assert.Equal("invalid archive: bad layer", error.RootElement.GetProperty("error").GetString());
        Assert.Equal("invalid archive: bad layer", error.RootElement.GetProperty("errorDetail").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Load_ErrorBeforeAnyOutput_IsAStatusCode()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.OnLoad = (_, _, _) =>
            Task.FromException<IReadOnlyList<ImageDetails>>(EngineException.InvalidArgument("unexpected EOF"));

        using var response = await server.Client.PostAsync("/images/load", new ByteArrayContent([1]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unexpected EOF", await VersioningTests.Message(response));
    }

    private static string? StreamText(string? line)
    {
        Assert.NotNull(line);
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("stream").GetString();
    }
}
