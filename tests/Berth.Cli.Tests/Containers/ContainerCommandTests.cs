using System.Text.Json.Nodes;
using Berth.Cli.Commands.Containers;
using Xunit;

namespace Berth.Cli.Tests.Containers;

public class ContainerCommandTests
{
    private static readonly string s_list = $$"""
        [
          {"Id":"aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111","Names":["/web"],"Image":"busybox","ImageID":"sha256:0123456789abcdef","Command":"sleep 100000000000000","Created":{{CliRunner.Now.ToUnixTimeSeconds() - 120}},"Ports":[],"Labels":{"b":"2","a":"1"},"State":"running","Status":"Up 2 minutes","SizeRw":12000,"SizeRootFs":4261000,"Mounts":[],"NetworkSettings":{"Networks":{"bridge":{} } } },
          {"Id":"bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222","Names":["/db"],"Image":"sha256:0123456789abcdef0000","ImageID":"sha256:0123456789abcdef0000","Command":"sh","Created":{{CliRunner.Now.ToUnixTimeSeconds() - 7200}},"Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"IP":"0.0.0.0","PrivatePort":81,"PublicPort":8081,"Type":"tcp"},{"PrivatePort":53,"Type":"udp"}],"Labels":{},"State":"exited","Status":"Exited (0) 3 seconds ago","Mounts":[]}
        ]
        """;

    [Fact]
    public async Task PsDefaultTable()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_list));
        var result = await CliRunner.RunAsync(engine.Host, ["ps", "-a"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "CONTAINER ID   IMAGE          COMMAND                  CREATED         STATUS                     PORTS                                  NAMES\n" +
            "aaaaaaaaaaaa   busybox        \"sleep 1000000000000…\"   2 minutes ago   Up 2 minutes                                                      web\n" +
            "bbbbbbbbbbbb   0123456789ab   \"sh\"                     2 hours ago     Exited (0) 3 seconds ago   53/udp, 0.0.0.0:8080-8081->80-81/tcp   db\n",
            result.Out);
        Assert.Equal("/v1.51/containers/json?all=1", engine.Requests[0].Target);
    }

    [Fact]
    public async Task PsQuietEmptyTableAndQuery()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("[]"));
        var empty = await CliRunner.RunAsync(engine.Host, ["container", "ls"]);
        Assert.Equal("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n", empty.Out);
        await CliRunner.RunAsync(engine.Host, ["ps", "-q", "-n", "3", "-s", "--filter", "status=exited", "-f", "name=web"]);
        Assert.Equal("limit=3&size=1&filters={\"name\":[\"web\"],\"status\":[\"exited\"]}", Uri.UnescapeDataString(engine.Requests[1].Query));
    }

    [Fact]
    public async Task PsTemplatesSeeDockerKeys()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_list));
        var result = await CliRunner.RunAsync(engine.Host, ["ps", "--no-trunc", "--format", "{{.Names}}|{{.Command}}|{{.Labels}}|{{.Size}}|{{.State}}|{{.Networks}}|{{.CreatedAt}}"]);
        Assert.Equal(
            "web|\"sleep 100000000000000\"|a=1,b=2|12kB (virtual 4.26MB)|running|bridge|2023-11-14 22:11:20 +0000 UTC\n" +
            "db|\"sh\"|||exited||2023-11-14 20:13:20 +0000 UTC\n",
            result.Out);
    }

    [Fact]
    public async Task StopOfAStoppedContainer_Answered304_PrintsTheNameAndSucceeds()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(304, string.Empty));
        var stop = await CliRunner.RunAsync(engine.Host, ["stop", "done"]);
        Assert.Equal(0, stop.ExitCode);
        Assert.Equal("done\n", stop.Out);
        Assert.Equal(string.Empty, stop.Err);
    }

    [Fact]
    public async Task CreateWithATakenName_IsADaemonErrorWithExitCode1()
    {
        const string conflict = "Conflict. The container name \\\"/web\\\" is already in use by container \\\"abc\\\". You have to remove (or rename) that container to be able to reuse that name.";
        await using var engine = new FakeEngine(_ => FakeResponse.Error(409, conflict));
        var create = await CliRunner.RunAsync(engine.Host, ["create", "--name", "web", "busybox"]);
        Assert.Equal(1, create.ExitCode);
        Assert.StartsWith("Error response from daemon: Conflict. The container name \"/web\" is already in use", create.Err);
        Assert.DoesNotContain("--help", create.Err);
    }

    [Fact]
    public async Task StopAndRmReportEachNameAndFailAtTheEnd()
    {
        await using var engine = new FakeEngine(r => r.Path.Contains("/nope", StringComparison.Ordinal)
            ? FakeResponse.Error(404, "No such container: nope")
            : new FakeResponse(204, string.Empty));
        var stop = await CliRunner.RunAsync(engine.Host, ["stop", "-t", "3", "a", "nope", "b"]);
        Assert.Equal(1, stop.ExitCode);
        Assert.Equal("a\nb\n", stop.Out);
        Assert.Equal("Error response from daemon: No such container: nope\n", stop.Err);
        Assert.Equal("/v1.51/containers/a/stop?t=3", engine.Requests[0].Target);

        var rm = await CliRunner.RunAsync(engine.Host, ["rm", "-fv", "a"]);
        Assert.Equal(0, rm.ExitCode);
        Assert.Equal("DELETE /v1.51/containers/a?force=1&v=1", engine.Requests[^1].Method + " " + engine.Requests[^1].Target);

        var start = await CliRunner.RunAsync(engine.Host, ["start", "nope", "b"]);
        Assert.Equal(1, start.ExitCode);
        Assert.Equal("Error response from daemon: No such container: nope\nError: failed to start containers: nope\n", start.Err);

        var kill = await CliRunner.RunAsync(engine.Host, ["kill", "-s", "HUP", "a"]);
        Assert.Equal("/v1.51/containers/a/kill?signal=HUP", engine.Requests[^1].Target);
        Assert.Equal("a\n", kill.Out);
    }

    [Fact]
    public async Task WaitPrintsExitCodes()
    {
        await using var engine = new FakeEngine(r => FakeResponse.Json(r.Path.Contains("/one/", StringComparison.Ordinal) ? "{\"StatusCode\":0}" : "{\"StatusCode\":137}"));
        var result = await CliRunner.RunAsync(engine.Host, ["wait", "one", "two"]);
        Assert.Equal("0\n137\n", result.Out);
    }

    [Fact]
    public async Task ExecExitsWithTheExecExitCode()
    {
        await using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1.51/containers/c/json" => FakeResponse.Json("{\"Id\":\"c\"}"),
            "/v1.51/containers/c/exec" => new FakeResponse(201, "{\"Id\":\"e1\"}"),
            "/v1.51/exec/e1/start" => new FakeResponse(101, "\u0001\0\0\0\0\0\0\u0003out", "application/vnd.docker.multiplexed-stream", Upgrade: true),
            _ => FakeResponse.Json("{\"ExitCode\":127}"),
        });
        var result = await CliRunner.RunAsync(engine.Host, ["exec", "-e", "A=1", "-u", "u", "-w", "/w", "--privileged", "c", "ls", "-l"]);
        Assert.Equal(127, result.ExitCode);
        Assert.Equal("out", System.Text.Encoding.UTF8.GetString(result.RawOut));
        Assert.Equal(
            "{\"User\":\"u\",\"Privileged\":true,\"Tty\":false,\"AttachStdin\":false,\"AttachStderr\":true,\"AttachStdout\":true,\"Detach\":false,\"DetachKeys\":\"\",\"Env\":[\"A=1\"],\"WorkingDir\":\"/w\",\"Cmd\":[\"ls\",\"-l\"]}",
            engine.Requests[1].BodyText);
        Assert.Equal("{\"Detach\":false,\"Tty\":false}", engine.Requests[2].BodyText);
    }

    [Fact]
    public async Task InspectTriesContainerThenImage()
    {
        await using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1.51/containers/c/json" => FakeResponse.Json("{\"Id\":\"cid\"}"),
            "/v1.51/images/img/json" => FakeResponse.Json("{\"Id\":\"sha256:iid\"}"),
            _ => FakeResponse.Error(404, "not found"),
        });
        var result = await CliRunner.RunAsync(engine.Host, ["inspect", "-f", "{{.Id}}", "c", "img", "zz"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("cid\nsha256:iid\n", result.Out);
        Assert.Equal("Error: No such object: zz\n", result.Err);
        var typed = await CliRunner.RunAsync(engine.Host, ["inspect", "--type", "container", "img"]);
        Assert.Equal("Error: No such container: img\n", typed.Err);
    }

    [Fact]
    public async Task LogsDemultiplexesAndSendsDockerQuery()
    {
        await using var engine = new FakeEngine(r => r.Path.EndsWith("/json", StringComparison.Ordinal)
            ? FakeResponse.Json("{\"Config\":{\"Tty\":false}}")
            : new FakeResponse(200, "\u0001\0\0\0\0\0\0\u0002o\n\u0002\0\0\0\0\0\0\u0002e\n", "application/vnd.docker.multiplexed-stream"));
        var result = await CliRunner.RunAsync(engine.Host, ["logs", "--tail", "5", "-t", "--since", "1700000000", "c"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("o\n", System.Text.Encoding.UTF8.GetString(result.RawOut));
        Assert.Equal("e\n", result.Err);
        Assert.Equal("since=1700000000&stderr=1&stdout=1&tail=5&timestamps=1", engine.Requests[1].Query);
    }

    [Fact]
    public async Task PruneReportsReclaimedSpace()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{\"ContainersDeleted\":[\"abc\"],\"SpaceReclaimed\":2048}"));
        var result = await CliRunner.RunAsync(engine.Host, ["container", "prune", "-f"]);
        Assert.Equal("Deleted Containers:\nabc\n\nTotal reclaimed space: 2.048kB\n", result.Out);
    }

    [Fact]
    public void EventLineUsesDockerLayout()
    {
        var message = JsonNode.Parse("{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"name\":\"x\",\"image\":\"busybox\"}},\"time\":1704067200,\"timeNano\":1704067200000000042}")!;
        Assert.Equal("2024-01-01T00:00:00.000000042Z container start abc (image=busybox, name=x)", EventsCommand.FormatLine(message));
    }

    [Fact]
    public void StatsComputedLikeDocker()
    {
        var stats = JsonNode.Parse("""
            {"id":"abcdefabcdef0123","name":"/web","cpu_stats":{"cpu_usage":{"total_usage":300000000},"system_cpu_usage":2000000000,"online_cpus":2},
             "precpu_stats":{"cpu_usage":{"total_usage":100000000},"system_cpu_usage":1000000000},
             "memory_stats":{"usage":10485760,"limit":104857600,"stats":{"total_inactive_file":5242880}},
             "networks":{"eth0":{"rx_bytes":1000,"tx_bytes":2000}},
             "blkio_stats":{"io_service_bytes_recursive":[{"op":"Read","value":4096},{"op":"Write","value":8192}]},"pids_stats":{"current":3}}
            """)!;
        var row = StatsRow.Build("web", stats, truncate: true);
        Assert.Equal("{\"BlockIO\":\"4.1kB / 8.19kB\",\"CPUPerc\":\"40.00%\",\"Container\":\"web\",\"ID\":\"abcdefabcdef\",\"MemPerc\":\"5.00%\",\"MemUsage\":\"5MiB / 100MiB\",\"Name\":\"web\",\"NetIO\":\"1kB / 2kB\",\"PIDs\":\"3\"}", row.ToJsonString());
    }

    [Theory]
    [InlineData("512m", 536870912L)]
    [InlineData("1g", 1073741824L)]
    [InlineData("64MiB", 67108864L)]
    [InlineData("100", 100L)]
    [InlineData("1.5k", 1536L)]
    public void RamInBytes(string text, long expected) => Assert.Equal(expected, UnitParsers.RamInBytes(text));

    [Fact]
    public void DetachKeysHoldPartialSequences()
    {
        var filter = new DetachKeyFilter(DetachKeys.Parse("ctrl-p,ctrl-q"));
        var (forward, detach) = filter.Process("a\u0010"u8);
        Assert.Equal("a"u8.ToArray(), forward);
        Assert.False(detach);
        (forward, detach) = filter.Process("\u0010"u8);
        Assert.Equal([0x10], forward);
        Assert.False(detach);
        (forward, detach) = filter.Process("\u0011x"u8);
        Assert.Empty(forward);
        Assert.True(detach);
    }
}
