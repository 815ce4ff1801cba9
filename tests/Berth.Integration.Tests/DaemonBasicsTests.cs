using System.Net;
using System.Text.Json;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>The daemon's front door: socket, ping, version, info and routing, on one shared private daemon.</summary>
[Trait("Category", TestEngine.CompatibilityCategory)]
public sealed class DaemonBasicsTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>
{
    [RootFact(BerthdOnly = "the berth group owns the socket")]
    public async Task Socket_is_0660_and_owned_by_the_berth_group_when_it_exists()
    {
        var mode = File.GetUnixFileMode(daemon.Socket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, mode);

        var group = (await ProcessRunner.RunAsync(new BinaryCommand("stat", []), ["-c", "%G", daemon.Socket])).EnsureSuccess();
        bool berthGroupExists = File.ReadLines("/etc/group").Any(l => l.StartsWith("berth:", StringComparison.Ordinal));
        Assert.Equal(berthGroupExists ? "berth" : "root", group.Stdout.Trim());
    }

    [RootTheory]
    [InlineData("/_ping")]
    [InlineData("/v1.41/_ping")] // 1.41: dockerd 20.10, the reference run, is at most 1.41
    public async Task Ping_answers_OK_with_and_without_version_prefix(string path)
    {
        using var response = await daemon.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("Api-Version"), "ping must carry the Api-Version header");
    }

    [RootFact]
    public async Task Head_ping_answers_OK()
    {
        using var response = await daemon.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/_ping"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [RootTheory]
    [InlineData("/nosuch")]
    [InlineData("/v1.44/nosuch/route")]
    public async Task Unknown_route_is_404_page_not_found(string path)
    {
        using var response = await daemon.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("page not found", body.RootElement.GetProperty("message").GetString());
    }

    [RootFact]
    public async Task Version_endpoint_describes_a_linux_engine()
    {
        using var doc = JsonDocument.Parse(await daemon.Http.GetStringAsync("/version"));
        var root = doc.RootElement;
        Assert.Equal("linux", root.GetProperty("Os").GetString());
        Assert.Equal("amd64", root.GetProperty("Arch").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("Version").GetString()));
        Assert.Matches(@"^1\.\d+$", root.GetProperty("ApiVersion").GetString());
        Assert.Matches(@"^1\.\d+$", root.GetProperty("MinAPIVersion").GetString());
    }

    [RootFact]
    public async Task Berth_version_prints_client_and_server()
    {
        var result = (await daemon.RunCliAsync(["version"])).EnsureSuccess();
        Assert.Contains("Client", result.Stdout);
        Assert.Contains("Server", result.Stdout);
        Assert.Contains("API version", result.Stdout);
    }

    [RootFact]
    public async Task Info_reports_this_daemons_data_root()
    {
        using var doc = JsonDocument.Parse(await daemon.Http.GetStringAsync("/v1.41/info"));
        Assert.Equal(daemon.DataRoot, doc.RootElement.GetProperty("DockerRootDir").GetString());
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("Images").ValueKind);

        var result = (await daemon.RunCliAsync(["info"])).EnsureSuccess();
        Assert.Contains(daemon.DataRoot, result.Stdout);
        Assert.Contains("Images:", result.Stdout);
    }
}
