using System.Net;
using System.Text;
using System.Text.Json;

namespace Berth.Api.Tests;

public sealed class ImageEndpointsTests
{
    private static readonly string Id = "sha256:" + new string('b', 64);

    [Fact]
    public async Task List_PassesFiltersInBothFormats()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add(Id, "a:1");

        var current = Uri.EscapeDataString("""{"dangling":{"true":true},"label":{"x=1":true,"y":false}}""");
        using var json = JsonDocument.Parse(await server.Client.GetStringAsync($"/images/json?all=1&filters={current}"));
        Assert.Equal(["true"], server.Images.LastFilters!["dangling"]);
        Assert.Equal(["x=1"], server.Images.LastFilters!["label"]);
        Assert.True(server.Images.LastAll);

        var legacy = Uri.EscapeDataString("""{"reference":["a:*"]}""");
        await server.Client.GetStringAsync($"/images/json?all=0&filters={legacy}");
        Assert.Equal(["a:*"], server.Images.LastFilters!["reference"]);
        Assert.False(server.Images.LastAll);

        var summary = json.RootElement[0];
        Assert.Equal(Id, summary.GetProperty("Id").GetString());
        Assert.Equal("a:1", summary.GetProperty("RepoTags")[0].GetString());
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).ToUnixTimeSeconds(), summary.GetProperty("Created").GetInt64());
        Assert.Equal(-1, summary.GetProperty("SharedSize").GetInt64());
    }

    [Theory]
    [InlineData("localhost:5000/a/b:1")]
    [InlineData("a/b/c")]
    [InlineData("json")]
    public async Task Inspect_AcceptsNamesWithSlashes(string name)
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add(Id, name);

        using var response = await server.Client.GetAsync($"/v1.51/images/{name}/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(Id, root.GetProperty("Id").GetString());
        Assert.Equal("2024-05-06T07:08:09.1234567Z", root.GetProperty("Created").GetString());
        Assert.Equal("sh", root.GetProperty("Config").GetProperty("Cmd")[0].GetString());
        Assert.Equal("amd64", root.GetProperty("Architecture").GetString());
        Assert.Equal("overlay2", root.GetProperty("GraphDriver").GetProperty("Name").GetString());
        Assert.Equal("layers", root.GetProperty("RootFS").GetProperty("Type").GetString());
    }

    [Fact]
    public async Task History_UsesCatchAllName()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add(Id, "localhost:5000/a/b:1");

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/images/localhost:5000/a/b:1/history"));
        Assert.Equal(Id, json.RootElement[0].GetProperty("Id").GetString());
        Assert.Contains("CMD", json.RootElement[0].GetProperty("CreatedBy").GetString());
    }

    [Fact]
    public async Task Inspect_DecodesEscapedSlashesInNames()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add(Id, "example.com/team/bb:v1");

        using var response = await server.Client.GetAsync("/v1.51/images/example.com%2Fteam%2Fbb:v1/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Tag_Returns201AndPassesNameRepoAndTag()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add(Id, "localhost:5000/a/b:1");

        using var response = await server.Client.PostAsync("/v1.45/images/localhost:5000/a/b:1/tag?repo=example/x&tag=2", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(("localhost:5000/a/b:1", "example/x", "2"), server.Images.LastTag);
    }

    [Fact]
    public async Task Delete_PassesFlagsAndReturnsItems()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add(Id, "localhost:5000/a/b:1");

        using var response = await server.Client.DeleteAsync("/images/localhost:5000/a/b:1?force=1&noprune=false");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("localhost:5000/a/b:1", true, false), server.Images.LastRemove);
        Assert.Equal("localhost:5000/a/b:1", json.RootElement[0].GetProperty("Untagged").GetString());
        Assert.Equal(Id, json.RootElement[1].GetProperty("Deleted").GetString());
        Assert.False(json.RootElement[0].TryGetProperty("Deleted", out _));
    }

    [Fact]
    public async Task Import_FromStdinBody_ReturnsStatusWithId()
    {
        await using var server = await ApiTestServer.StartAsync();
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("rootfs-bytes"));

        using var response = await server.Client.PostAsync(
            "/images/create?fromSrc=-&repo=imported&tag=v1&message=hi&changes=CMD%20%5B%22sh%22%5D&changes=ENV%20A%3Db", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("rootfs-bytes", Encoding.UTF8.GetString(server.Images.LastImportBody!));
        Assert.Equal("imported", server.Images.LastImport!.Repository);
        Assert.Equal("v1", server.Images.LastImport.Tag);
        Assert.Equal("hi", server.Images.LastImport.Message);
        Assert.Equal(["CMD [\"sh\"]", "ENV A=b"], server.Images.LastImport.Changes);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("sha256:" + new string('c', 64), json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pull_IsNotImplementedYet()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var response = await server.Client.PostAsync("/images/create?fromImage=busybox&tag=latest", null);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains("pulling images is not supported", await VersioningTests.Message(response));
    }

    [Fact]
    public async Task Save_StreamsTarForManyAndOneName()
    {
        await using var server = await ApiTestServer.StartAsync();
        server.Images.Add(Id, "a/b:1", "c:2");

        using var many = await server.Client.GetAsync("/images/get?names=a/b:1&names=c:2");
        Assert.Equal("application/x-tar", many.Content.Headers.ContentType?.MediaType);
        Assert.Equal("TAR:a/b:1,c:2", await many.Content.ReadAsStringAsync());

        using var one = await server.Client.GetAsync("/v1.51/images/a/b:1/get");
        Assert.Equal("TAR:a/b:1", await one.Content.ReadAsStringAsync());

        using var missing = await server.Client.GetAsync("/images/get?names=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("No such image: nope", await VersioningTests.Message(missing));
    }
}
