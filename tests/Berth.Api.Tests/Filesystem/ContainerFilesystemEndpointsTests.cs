using System.Net;
using System.Text;
using System.Text.Json;
using Berth.Core.Containers;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Filesystem;

public sealed class ContainerFilesystemEndpointsTests
{
    private static async Task<(ApiTestServer Server, FakeContainerFilesystem Fs)> StartAsync()
    {
        var fs = new FakeContainerFilesystem();
        var server = await ApiTestServer.StartAsync(new FakeImageService(), s => s.AddSingleton<IContainerFilesystem>(fs));
        return (server, fs);
    }

    private static PathStat StatHeader(HttpResponseMessage response) =>
        PathStat.FromHeaderValue(response.Headers.GetValues("X-Docker-Container-Path-Stat").Single());

    [Fact]
    public async Task Head_archive_answers_the_stat_header_or_404()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;

        using var found = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1.51/containers/c1/archive?path=/etc"));
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var stat = StatHeader(found);
        Assert.Equal("etc", stat.Name);
        Assert.True(stat.IsDirectory);
        Assert.Equal(FakeContainerFilesystem.Mtime, stat.Mtime);

        using var missing = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/containers/c1/archive?path=/nope"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var noContainer = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/containers/zz/archive?path=/etc"));
        Assert.Equal(HttpStatusCode.NotFound, noContainer.StatusCode);
        using var noPath = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/containers/c1/archive"));
        Assert.Equal(HttpStatusCode.BadRequest, noPath.StatusCode);
    }

    [Fact]
    public async Task Get_archive_streams_a_tar_with_the_stat_header_and_errors_before_the_first_byte()
    {
        var (server, fs) = await StartAsync();
        await using var _ = server;

        using var ok = await server.Client.GetAsync("/containers/c1/archive?path=/etc/hostname");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/x-tar", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal("hostname", StatHeader(ok).Name);
        Assert.Equal("tar-of-hostname", await ok.Content.ReadAsStringAsync());
        Assert.True(fs.ArchiveDisposed);

        using var missing = await server.Client.GetAsync("/containers/c1/archive?path=/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(missing.Headers.Contains("X-Docker-Container-Path-Stat"));
        using var body = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Equal("Could not find the file /nope in container c1", body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Put_archive_passes_the_body_and_flags_and_maps_errors()
    {
        var (server, fs) = await StartAsync();
        await using var _ = server;

        using var ok = await server.Client.PutAsync("/containers/c1/archive?path=/etc&noOverwriteDirNonDir=true&copyUIDGID=1",
            new ByteArrayContent("TARBYTES"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(("c1", "/etc", true, true), (fs.LastPut!.Value.Container, fs.LastPut.Value.Path, fs.LastPut.Value.NoOverwrite, fs.LastPut.Value.CopyUidGid));
        Assert.Equal("TARBYTES", Encoding.ASCII.GetString(fs.LastPut.Value.Tar));

        using var plain = await server.Client.PutAsync("/containers/c1/archive?path=/etc", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(fs.LastPut!.Value.NoOverwrite || fs.LastPut.Value.CopyUidGid);

        using var notDir = await server.Client.PutAsync("/containers/c1/archive?path=/etc/hostname", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, notDir.StatusCode);
        using var missing = await server.Client.PutAsync("/containers/c1/archive?path=/nope", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Changes_answer_docker_shape_and_null_when_nothing_changed()
    {
        var (server, fs) = await StartAsync();
        await using var _ = server;

        Assert.Equal("null", (await server.Client.GetStringAsync("/containers/c1/changes")).Trim());

        fs.Changes.Add(new FilesystemChange("/etc", FilesystemChangeKind.Modified));
        fs.Changes.Add(new FilesystemChange("/etc/x", FilesystemChangeKind.Added));
        fs.Changes.Add(new FilesystemChange("/gone", FilesystemChangeKind.Deleted));
        Assert.Equal("""[{"Path":"/etc","Kind":0},{"Path":"/etc/x","Kind":1},{"Path":"/gone","Kind":2}]""",
            (await server.Client.GetStringAsync("/containers/c1/changes")).Trim());

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/containers/zz/changes")).StatusCode);
    }

    [Fact]
    public async Task Export_streams_octet_stream_or_404()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;

        using var ok = await server.Client.GetAsync("/containers/c1/export");
        Assert.Equal("application/octet-stream", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal("export-of-c1", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/containers/zz/export")).StatusCode);
    }

    [Fact]
    public async Task Commit_answers_201_with_the_id_and_passes_query_and_config()
    {
        var (server, fs) = await StartAsync();
        await using var _ = server;

        using var response = await server.Client.PostAsync(
            "/v1.51/commit?container=c1&repo=snap&tag=1&comment=msg&author=me&changes=ENV%20A%3D1&changes=CMD%20%5B%22sh%22%5D",
            new StringContent("""{"Env":["B=2"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{\"Id\":\"sha256:" + new string('d', 64) + "\"}", (await response.Content.ReadAsStringAsync()).Trim());
        var (container, options) = fs.LastCommit!.Value;
        Assert.Equal("c1", container);
        Assert.Equal(("snap", "1", "msg", "me"), (options.Repository, options.Tag, options.Comment, options.Author));
        Assert.Equal(["ENV A=1", "CMD [\"sh\"]"], options.Changes);
        Assert.Equal("""{"Env":["B=2"]}""", Encoding.UTF8.GetString(options.ConfigOverrides.Span));
        Assert.True(options.Pause);

        using var noPause = await server.Client.PostAsync("/commit?container=c1&pause=0", null);
        Assert.Equal(HttpStatusCode.Created, noPause.StatusCode);
        Assert.False(fs.LastCommit!.Value.Options.Pause);
        Assert.True(fs.LastCommit!.Value.Options.ConfigOverrides.IsEmpty);
        Assert.Null(fs.LastCommit!.Value.Options.Repository);

        using var missing = await server.Client.PostAsync("/commit?container=zz", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
