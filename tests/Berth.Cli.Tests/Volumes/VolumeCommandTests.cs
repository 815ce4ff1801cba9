using Xunit;

namespace Berth.Cli.Tests.Volumes;

public class VolumeCommandTests
{
    private const string Volume = """{"CreatedAt":"2024-01-02T03:04:05Z","Driver":"local","Labels":{"b":"2","a":"1"},"Mountpoint":"/var/lib/berth/volumes/data/_data","Name":"data","Options":{},"Scope":"local"}""";

    private const string List = """
        {"Volumes":[
          {"Driver":"local","Labels":{},"Mountpoint":"/v/v10/_data","Name":"v10","Options":null,"Scope":"local"},
          {"Driver":"local","Labels":{"k":"v"},"Mountpoint":"/v/v2/_data","Name":"v2","Options":null,"Scope":"local"},
          {"Driver":"local","Labels":null,"Mountpoint":"/v/data/_data","Name":"data","Options":null,"Scope":"local"}
        ],"Warnings":[]}
        """;

    [Fact]
    public async Task CreateSendsDockerBodyAndPrintsName()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(201, Volume));
        var result = await CliRunner.RunAsync(engine.Host, ["volume", "create", "--label", "b=2", "--label", "a=1", "-o", "type=tmpfs", "--opt", "device=tmpfs", "data"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("data\n", result.Out);
        var request = Assert.Single(engine.Requests);
        Assert.Equal(("POST", "/v1.51/volumes/create"), (request.Method, request.Target));
        Assert.Equal("""{"Driver":"local","DriverOpts":{"device":"tmpfs","type":"tmpfs"},"Labels":{"a":"1","b":"2"},"Name":"data"}""", request.BodyText);
    }

    [Fact]
    public async Task CreateAnonymousWithNameFlagAndDriver()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(201, Volume));
        await CliRunner.RunAsync(engine.Host, ["volume", "create"]);
        await CliRunner.RunAsync(engine.Host, ["volume", "create", "--name", "n", "-d", "nfs"]);
        Assert.Equal("""{"Driver":"local"}""", engine.Requests[0].BodyText);
        Assert.Equal("""{"Driver":"nfs","Name":"n"}""", engine.Requests[1].BodyText);
    }

    [Fact]
    public async Task CreateRejectsNameTwiceAndBadLabels()
    {
        var both = await CliRunner.RunAsync("unix:///nonexistent.sock", ["volume", "create", "--name", "a", "b"]);
        Assert.Equal(1, both.ExitCode);
        Assert.Equal("conflicting options: cannot specify a volume-name through both --name and as a positional arg\n", both.Err);

        var label = await CliRunner.RunAsync("unix:///nonexistent.sock", ["volume", "create", "--label", "=x"]);
        Assert.Equal(125, label.ExitCode);
        Assert.StartsWith("invalid argument \"=x\" for \"--label\" flag: invalid label '=x': empty name\n", label.Err);
    }

    [Fact]
    public async Task CreateErrorFromDaemon()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Error(404, "create x: error looking up volume plugin nfs: plugin nfs not found"));
        var result = await CliRunner.RunAsync(engine.Host, ["volume", "create", "-d", "nfs", "x"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error response from daemon: create x: error looking up volume plugin nfs: plugin nfs not found\n", result.Err);
    }

    [Fact]
    public async Task LsDefaultTableInNaturalOrder()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(List));
        var result = await CliRunner.RunAsync(engine.Host, ["volume", "ls"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("DRIVER    VOLUME NAME\nlocal     data\nlocal     v2\nlocal     v10\n", result.Out);
        Assert.Equal("/v1.51/volumes", Assert.Single(engine.Requests).Target);
    }

    [Fact]
    public async Task LsQuietWithFilters()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(List));
        var result = await CliRunner.RunAsync(engine.Host, ["volume", "list", "-q", "-f", "dangling=true", "--filter", "label=k"]);
        Assert.Equal("data\nv2\nv10\n", result.Out);
        Assert.Equal("filters={\"dangling\":[\"true\"],\"label\":[\"k\"]}", Uri.UnescapeDataString(engine.Requests[0].Query));
    }

    [Fact]
    public async Task LsFormatsTemplatesAndJson()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(List));
        var table = await CliRunner.RunAsync(engine.Host, ["volume", "ls", "--format", "table {{.Name}}\\t{{.Labels}}\\t{{.Mountpoint}}"]);
        Assert.Equal("VOLUME NAME   LABELS    MOUNTPOINT\ndata                    /v/data/_data\nv2            k=v       /v/v2/_data\nv10                     /v/v10/_data\n", table.Out);

        var json = await CliRunner.RunAsync(engine.Host, ["volume", "ls", "--format", "json"]);
        Assert.Equal(
            """{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"","Links":"N/A","Mountpoint":"/v/data/_data","Name":"data","Scope":"local","Size":"N/A","Status":"N/A"}""",
            json.Out.Split('\n')[0]);
    }

    [Fact]
    public async Task InspectPrintsDaemonJsonAndReportsMisses()
    {
        await using var engine = new FakeEngine(r => r.Path.EndsWith("/data") ? FakeResponse.Json(Volume) : FakeResponse.Error(404, "get nope: no such volume"));
        var result = await CliRunner.RunAsync(engine.Host, ["volume", "inspect", "data", "nope"]);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("[\n    {\n        \"CreatedAt\": \"2024-01-02T03:04:05Z\",\n        \"Driver\": \"local\",\n", result.Out);
        Assert.EndsWith("        \"Scope\": \"local\"\n    }\n]\n", result.Out);
        Assert.Equal("Error response from daemon: get nope: no such volume\n", result.Err);

        var format = await CliRunner.RunAsync(engine.Host, ["volume", "inspect", "-f", "{{.Name}} {{.Mountpoint}}", "data"]);
        Assert.Equal("data /var/lib/berth/volumes/data/_data\n", format.Out);
    }

    [Fact]
    public async Task RmPrintsEachRemovedNameAndCollectsErrors()
    {
        await using var engine = new FakeEngine(r => r.Path.EndsWith("/busy")
            ? FakeResponse.Error(409, "remove busy: volume is in use - [abc]")
            : new FakeResponse(204, ""));
        var result = await CliRunner.RunAsync(engine.Host, ["volume", "rm", "-f", "a", "busy", "b"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("a\nb\n", result.Out);
        Assert.Equal("Error response from daemon: remove busy: volume is in use - [abc]\n", result.Err);
        Assert.Equal(["/v1.51/volumes/a?force=1", "/v1.51/volumes/busy?force=1", "/v1.51/volumes/b?force=1"], engine.Requests.Select(r => r.Target));
        Assert.All(engine.Requests, r => Assert.Equal("DELETE", r.Method));
    }

    [Fact]
    public async Task PruneConfirmsAndPrintsReport()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("""{"VolumesDeleted":["x","y"],"SpaceReclaimed":2048}"""));
        var result = await CliRunner.RunAsync(engine.Host, ["volume", "prune"], stdin: "y\n");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] " +
            "Deleted Volumes:\nx\ny\n\nTotal reclaimed space: 2.048kB\n",
            result.Out);
        var request = Assert.Single(engine.Requests);
        Assert.Equal(("POST", "/v1.51/volumes/prune"), (request.Method, request.Target));
    }

    [Fact]
    public async Task PruneAllForceWithFilter()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("""{"VolumesDeleted":null,"SpaceReclaimed":0}"""));
        var result = await CliRunner.RunAsync(engine.Host, ["volume", "prune", "-a", "-f", "--filter", "label=a"]);
        Assert.Equal("Total reclaimed space: 0B\n", result.Out);
        Assert.Equal("filters={\"all\":[\"true\"],\"label\":[\"a\"]}", Uri.UnescapeDataString(engine.Requests[0].Query));
    }

    [Fact]
    public async Task PruneAllWarningAndCancel()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{}"));
        var result = await CliRunner.RunAsync(engine.Host, ["volume", "prune", "--all"], stdin: "n\n");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ", result.Out);
        Assert.Equal("", result.Err);
        Assert.Empty(engine.Requests);

        var conflict = await CliRunner.RunAsync(engine.Host, ["volume", "prune", "-a", "--filter", "all=1"]);
        Assert.Equal("conflicting options: cannot specify both --all and --filter all=1\n", conflict.Err);
    }
}
