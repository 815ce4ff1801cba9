using Xunit;

namespace Berth.Cli.Tests;

public class ImageCommandTests
{
    // Created two weeks and a bit before CliRunner.Now.
    private static readonly string s_images = $$"""
        [
          {"Id":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","ParentId":"","RepoTags":["busybox:latest","docker.io/library/busybox:1.36"],"RepoDigests":["busybox@sha256:feed"],"Created":{{CliRunner.Now.ToUnixTimeSeconds() - 15 * 86400}},"Size":4261000,"SharedSize":-1,"Containers":2,"Labels":null},
          {"Id":"sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210","ParentId":"","RepoTags":[],"RepoDigests":[],"Created":{{CliRunner.Now.ToUnixTimeSeconds() - 7200}},"Size":1200,"SharedSize":-1,"Containers":-1}
        ]
        """;

    [Fact]
    public async Task ImagesDefaultTable()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_images));
        var result = await CliRunner.RunAsync(engine.Host, ["images"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n" +
            "busybox      latest    0123456789ab   2 weeks ago   4.26MB\n" +
            "busybox      1.36      0123456789ab   2 weeks ago   4.26MB\n" +
            "<none>       <none>    fedcba987654   2 hours ago   1.2kB\n",
            result.Out);
        var request = Assert.Single(engine.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1.51/images/json", request.Target);
    }

    [Fact]
    public async Task ImagesQuietAllFiltersAndReference()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_images));
        var result = await CliRunner.RunAsync(engine.Host, ["image", "ls", "-aq", "--filter", "dangling=true", "-f", "label=a=b", "busybox"]);
        Assert.Equal("0123456789ab\n0123456789ab\nfedcba987654\n", result.Out);
        var query = Uri.UnescapeDataString(engine.Requests[0].Query);
        Assert.Equal("all=1&filters={\"dangling\":[\"true\"],\"label\":[\"a=b\"],\"reference\":[\"busybox\"]}", query);
    }

    [Fact]
    public async Task ImagesDigestsAndNoTrunc()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_images));
        var result = await CliRunner.RunAsync(engine.Host, ["images", "--digests", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}} {{.ID}}"]);
        Assert.Equal(
            "busybox:latest sha256:feed sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n" +
            "busybox:1.36 sha256:feed sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n" +
            "<none>:<none> <none> sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210\n",
            result.Out);
    }

    [Fact]
    public async Task ImagesJsonHasDockerFormatterKeys()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_images));
        var result = await CliRunner.RunAsync(engine.Host, ["images", "--format", "json"]);
        var first = result.Out.Split('\n')[0];
        Assert.Equal(
            "{\"Containers\":\"2\",\"CreatedAt\":\"2023-10-30 22:13:20 +0000 UTC\",\"CreatedSince\":\"2 weeks ago\",\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"0123456789ab\",\"Repository\":\"busybox\",\"SharedSize\":\"N/A\",\"Size\":\"4.26MB\",\"Tag\":\"latest\",\"UniqueSize\":\"N/A\",\"VirtualSize\":\"4.261MB\"}",
            first);
    }

    [Fact]
    public async Task ImagesCustomTable()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_images));
        var result = await CliRunner.RunAsync(engine.Host, ["images", "--format", "table {{.ID}}\\t{{.Containers}}"]);
        Assert.Equal("IMAGE ID       CONTAINERS\n0123456789ab   2\n0123456789ab   2\nfedcba987654   N/A\n", result.Out);
    }

    [Fact]
    public async Task ImagesTemplateParseError()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_images));
        var result = await CliRunner.RunAsync(engine.Host, ["images", "--format", "{{.ID"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("template parsing error: template: :1: unclosed action\n", result.Err);
    }

    [Fact]
    public async Task UnknownFlagExits125WithUsage()
    {
        var result = await CliRunner.RunAsync(null, ["images", "--bogus"]);
        Assert.Equal(125, result.ExitCode);
        Assert.Equal("unknown flag: --bogus\n\nUsage:  berth images [OPTIONS] [REPOSITORY[:TAG]]\n\nRun 'berth images --help' for more information\n", result.Err);
    }

    [Fact]
    public async Task TooManyArguments()
    {
        var result = await CliRunner.RunAsync(null, ["images", "a", "b"]);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("berth: 'berth images' requires at most 1 argument\n", result.Err);
    }

    [Fact]
    public async Task ConnectionErrorWording()
    {
        var result = await CliRunner.RunAsync("unix:///nonexistent/berth.sock", ["images"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Cannot connect to the Berth daemon at unix:///nonexistent/berth.sock. Is the berth daemon running?\n", result.Err);
    }

    [Fact]
    public async Task HostFlagWinsOverEnvironment()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("[]"));
        var result = await CliRunner.RunAsync("unix:///nonexistent.sock", ["-H", engine.Host, "images", "-q"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Single(engine.Requests);
    }

    [Fact]
    public async Task ApiVersionFromEnvironment()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("[]"));
        await CliRunner.RunAsync(engine.Host, ["images"], env: new() { ["DOCKER_API_VERSION"] = "1.41" });
        Assert.Equal("/v1.41/images/json", engine.Requests[0].Target);
    }

    [Fact]
    public async Task InspectPrintsIndentedArray()
    {
        await using var engine = new FakeEngine(r => r.Path.EndsWith("/busybox/json", StringComparison.Ordinal)
            ? FakeResponse.Json("{\"Id\":\"sha256:01\",\"RepoTags\":[\"busybox:latest\"],\"Config\":{\"Env\":[\"PATH=/bin\"]}}")
            : FakeResponse.Error(404, "No such image: nope:latest"));
        var result = await CliRunner.RunAsync(engine.Host, ["image", "inspect", "busybox"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[\n    {\n        \"Id\": \"sha256:01\",\n        \"RepoTags\": [\n            \"busybox:latest\"\n        ],\n        \"Config\": {\n            \"Env\": [\n                \"PATH=/bin\"\n            ]\n        }\n    }\n]\n", result.Out);

        var formatted = await CliRunner.RunAsync(engine.Host, ["inspect", "-f", "{{.Id}} {{.Config.Env}}", "busybox"]);
        Assert.Equal("sha256:01 [PATH=/bin]\n", formatted.Out);

        var missing = await CliRunner.RunAsync(engine.Host, ["image", "inspect", "nope"]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("[]\n", missing.Out);
        Assert.Equal("Error: No such image: nope\n", missing.Err);

        var missingObject = await CliRunner.RunAsync(engine.Host, ["inspect", "busybox", "nope"]);
        Assert.Equal(1, missingObject.ExitCode);
        Assert.StartsWith("[\n    {", missingObject.Out);
        Assert.Equal("Error: No such object: nope\n", missingObject.Err);
    }

    [Fact]
    public async Task RmiReportsEachNameAndContinues()
    {
        await using var engine = new FakeEngine(r => r.Path.Contains("busybox", StringComparison.Ordinal)
            ? FakeResponse.Json("[{\"Untagged\":\"busybox:latest\"},{\"Deleted\":\"sha256:01\"}]")
            : FakeResponse.Error(409, "conflict: unable to remove repository reference \\\"x\\\""));
        var result = await CliRunner.RunAsync(engine.Host, ["rmi", "-f", "--no-prune", "x", "busybox"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Untagged: busybox:latest\nDeleted: sha256:01\n", result.Out);
        Assert.Equal("Error response from daemon: conflict: unable to remove repository reference \"x\"\n", result.Err);
        Assert.Equal("DELETE", engine.Requests[1].Method);
        Assert.Equal("/v1.51/images/busybox?force=1&noprune=1", engine.Requests[1].Target);
    }

    [Fact]
    public async Task TagSplitsRepositoryAndTag()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(201, string.Empty));
        var result = await CliRunner.RunAsync(engine.Host, ["tag", "busybox", "localhost:5000/my/box:v1"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/v1.51/images/busybox/tag?repo=localhost%3A5000%2Fmy%2Fbox&tag=v1", engine.Requests[0].Target);
        var untagged = await CliRunner.RunAsync(engine.Host, ["image", "tag", "busybox", "localhost:5000/box"]);
        Assert.Equal("/v1.51/images/busybox/tag?repo=localhost%3A5000%2Fbox&tag=latest", engine.Requests[1].Target);
        Assert.Equal(0, untagged.ExitCode);
    }

    [Fact]
    public async Task PruneAsksThenReports()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{\"ImagesDeleted\":[{\"Untagged\":\"a:b\"},{\"Deleted\":\"sha256:01\"}],\"SpaceReclaimed\":1200000}"));
        var declined = await CliRunner.RunAsync(engine.Host, ["image", "prune"], stdin: "n\n");
        Assert.Equal(0, declined.ExitCode);
        Assert.Equal(string.Empty, declined.Err);
        Assert.Equal("WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ", declined.Out);
        Assert.Empty(engine.Requests);

        var result = await CliRunner.RunAsync(engine.Host, ["image", "prune", "-a"], stdin: "y\n");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] " +
            "Deleted Images:\nuntagged: a:b\ndeleted: sha256:01\n\nTotal reclaimed space: 1.2MB\n",
            result.Out);
        Assert.Equal("filters={\"dangling\":[\"false\"]}", Uri.UnescapeDataString(engine.Requests[0].Query));

        var forced = await CliRunner.RunAsync(engine.Host, ["image", "prune", "-f", "--filter", "until=24h"]);
        Assert.StartsWith("Deleted Images:", forced.Out);
        Assert.Equal("filters={\"dangling\":[\"true\"],\"until\":[\"24h\"]}", Uri.UnescapeDataString(engine.Requests[1].Query));
    }

    [Fact]
    public async Task HistoryTable()
    {
        var created = CliRunner.Now.ToUnixTimeSeconds() - 3 * 86400;
        await using var engine = new FakeEngine(_ => FakeResponse.Json($$"""
            [{"Id":"sha256:0123456789abcdef","Created":{{created}},"CreatedBy":"/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789 in / ","Tags":["busybox:latest"],"Size":4261000,"Comment":"imported"},
             {"Id":"<missing>","Created":{{created}},"CreatedBy":"","Tags":null,"Size":0,"Comment":""}]
            """));
        var result = await CliRunner.RunAsync(engine.Host, ["history", "busybox"]);
        Assert.Equal(
            "IMAGE          CREATED      CREATED BY                                      SIZE      COMMENT\n" +
            "0123456789ab   3 days ago   /bin/sh -c #(nop) ADD file:0123456789abcdef0…   4.26MB    imported\n" +
            "<missing>      3 days ago                                                   0B        \n",
            result.Out);
        Assert.Equal("/v1.51/images/busybox/history", engine.Requests[0].Target);

        var raw = await CliRunner.RunAsync(engine.Host, ["image", "history", "-H=false", "--format", "{{.CreatedSince}} {{.Size}}", "busybox"]);
        Assert.Equal("2023-11-11T22:13:20Z 4261000\n2023-11-11T22:13:20Z 0\n", raw.Out);
    }

    [Fact]
    public async Task LoadStreamsStdinAndPrintsMessages()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(200, "{\"stream\":\"Loaded image: busybox:latest\\n\"}\n", Chunked: true));
        var result = await CliRunner.RunAsync(engine.Host, ["load"], stdin: "TARDATA");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Loaded image: busybox:latest\n", result.Out);
        // A streamed body cannot be sent twice: the version is settled by a ping first.
        Assert.Equal("/_ping", engine.Requests[0].Target);
        Assert.Equal("/v1.51/images/load?quiet=1", engine.Requests[1].Target);
        Assert.Equal("TARDATA", engine.Requests[1].BodyText);
        Assert.Equal("chunked", engine.Requests[1].Headers["Transfer-Encoding"]);

        var refused = await CliRunner.RunAsync(engine.Host, ["load"], stdinTerminal: true);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("requested load from stdin, but stdin is empty\n", refused.Err);
    }

    [Fact]
    public async Task LoadErrorMessageFails()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\n"));
        var result = await CliRunner.RunAsync(engine.Host, ["load", "-q"], stdin: "x");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("unexpected EOF\n", result.Err);
    }

    [Fact]
    public async Task SaveWritesStdoutOrFile()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(200, "tar-bytes-here", "application/x-tar", Chunked: true));
        var result = await CliRunner.RunAsync(engine.Host, ["save", "busybox", "alpine:3"]);
        Assert.Equal("tar-bytes-here", System.Text.Encoding.UTF8.GetString(result.RawOut));
        Assert.Equal("/v1.51/images/get?names=busybox&names=alpine%3A3", engine.Requests[0].Target);

        var dir = Directory.CreateTempSubdirectory("berth-save-");
        try
        {
            var path = Path.Combine(dir.FullName, "out.tar");
            var toFile = await CliRunner.RunAsync(engine.Host, ["image", "save", "-o", path, "busybox"], stdoutTerminal: true);
            Assert.Equal(0, toFile.ExitCode);
            Assert.Equal("tar-bytes-here", File.ReadAllText(path));
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        var refused = await CliRunner.RunAsync(engine.Host, ["save", "busybox"], stdoutTerminal: true);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("cowardly refusing to save to a terminal. Use the -o flag or redirect\n", refused.Err);
    }

    [Fact]
    public async Task ImportFromStdinWithChanges()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{\"status\":\"sha256:abcd\"}\n"));
        var result = await CliRunner.RunAsync(engine.Host, ["import", "-c", "ENV A=b", "--change", "CMD [\"sh\"]", "-m", "hi", "-", "my/img:v2"], stdin: "TAR");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("sha256:abcd\n", result.Out);
        Assert.Equal("/_ping", engine.Requests[0].Target);
        Assert.Equal("fromSrc=-&repo=my/img&tag=v2&message=hi&changes=ENV A=b&changes=CMD [\"sh\"]", Uri.UnescapeDataString(engine.Requests[1].Query));
        Assert.Equal("TAR", engine.Requests[1].BodyText);
    }

    [Fact]
    public async Task DaemonErrorWording()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Error(500, "boom"));
        var result = await CliRunner.RunAsync(engine.Host, ["images"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error response from daemon: boom\n", result.Err);
    }
}
