using Xunit;
using System.Text.Json;

namespace Berth.Cli.Tests.Networks;

public sealed class NetworkCommandTests
{
    private const string ListJson = """
        [
          {"Name":"net10","Id":"aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111","Created":"2024-05-06T07:08:09.1234567Z","Scope":"local","Driver":"bridge","EnableIPv4":true,"EnableIPv6":false,"Internal":true,"Labels":{"b":"2","a":"1"}},
          {"Name":"bridge","Id":"bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222","Created":"2024-05-06T07:08:09Z","Scope":"local","Driver":"bridge","EnableIPv4":true,"EnableIPv6":false,"Internal":false,"Labels":{}},
          {"Name":"net2","Id":"cccccccccccc3333333333333333333333333333333333333333333333333333","Created":"2024-05-06T07:08:09Z","Scope":"local","Driver":"bridge","Internal":false,"Labels":{}}
        ]
        """;

    [Fact]
    public async Task Ls_PrintsDockersTableSortedByName()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(ListJson));
        var result = await CliRunner.RunAsync(engine.Host, ["network", "ls"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "NETWORK ID     NAME      DRIVER    SCOPE\n"
            + "bbbbbbbbbbbb   bridge    bridge    local\n"
            + "cccccccccccc   net2      bridge    local\n"
            + "aaaaaaaaaaaa   net10     bridge    local\n",
            result.Out);
        var request = Assert.Single(engine.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1.51/networks", request.Target);
    }

    [Fact]
    public async Task Ls_QuietNoTruncFiltersAndFormats()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(ListJson));
        var quiet = await CliRunner.RunAsync(engine.Host, ["network", "list", "-q", "--no-trunc", "-f", "driver=bridge", "--filter", "label=a=1"]);
        Assert.Equal(
            "bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222\n"
            + "cccccccccccc3333333333333333333333333333333333333333333333333333\n"
            + "aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111\n",
            quiet.Out);
        Assert.Equal("filters={\"driver\":[\"bridge\"],\"label\":[\"a=1\"]}", Uri.UnescapeDataString(engine.Requests[0].Query));

        var formatted = await CliRunner.RunAsync(engine.Host, ["network", "ls", "--format", "{{.Name}} {{.IPv4}} {{.IPv6}} {{.Internal}} {{.Labels}} {{.CreatedAt}}"]);
        Assert.Equal(
            "bridge true false false  2024-05-06 07:08:09 +0000 UTC\n"
            + "net2 true false false  2024-05-06 07:08:09 +0000 UTC\n"
            + "net10 true false true a=1,b=2 2024-05-06 07:08:09.1234567 +0000 UTC\n",
            formatted.Out);

        var table = await CliRunner.RunAsync(engine.Host, ["network", "ls", "--format", "table {{.Name}}\\t{{.Internal}}"]);
        Assert.Equal("NAME      INTERNAL\nbridge    false\nnet2      false\nnet10     true\n", table.Out);
    }

    [Fact]
    public async Task Create_SendsDockersBodyAndPrintsTheId()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(201, "{\"Id\":\"abc123\",\"Warning\":\"\"}"));
        var result = await CliRunner.RunAsync(engine.Host,
        [
            "network", "create", "-d", "bridge", "--subnet", "10.9.0.0/16", "--gateway", "10.9.0.254", "--ip-range", "10.9.1.0/24",
            "--internal", "--attachable", "--label", "a=b", "--label", "flag", "-o", "com.docker.network.bridge.name=br9", "--ipam-driver", "default", "n1",
        ]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("abc123\n", result.Out);
        var request = Assert.Single(engine.Requests);
        Assert.Equal(("POST", "/v1.51/networks/create"), (request.Method, request.Target));
        Assert.Equal(
            "{\"Name\":\"n1\",\"Driver\":\"bridge\",\"Scope\":\"\",\"IPAM\":{\"Driver\":\"default\",\"Options\":{},\"Config\":[{\"Subnet\":\"10.9.0.0/16\",\"IPRange\":\"10.9.1.0/24\",\"Gateway\":\"10.9.0.254\"}]},"
            + "\"Internal\":true,\"Attachable\":true,\"Ingress\":false,\"ConfigOnly\":false,\"Options\":{\"com.docker.network.bridge.name\":\"br9\"},\"Labels\":{\"a\":\"b\",\"flag\":\"\"}}",
            request.BodyText);
    }

    [Fact]
    public async Task Create_DefaultsAndIpv6Flag()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(201, "{\"Id\":\"x\",\"Warning\":\"careful\"}"));
        var result = await CliRunner.RunAsync(engine.Host, ["network", "create", "--ipv6", "n2"]);
        Assert.Equal("x\n", result.Out);
        Assert.Equal("careful\n", result.Err);
        using var body = JsonDocument.Parse(engine.Requests[0].Body);
        Assert.Equal("bridge", body.RootElement.GetProperty("Driver").GetString());
        Assert.True(body.RootElement.GetProperty("EnableIPv6").GetBoolean());
        Assert.Equal(0, body.RootElement.GetProperty("IPAM").GetProperty("Config").GetArrayLength());
    }

    [Theory]
    [InlineData(new[] { "--gateway", "10.0.0.1" }, "every ip-range or gateway must have a corresponding subnet")]
    [InlineData(new[] { "--subnet", "10.0.0.0/24", "--gateway", "10.1.0.1" }, "no matching subnet for gateway 10.1.0.1")]
    [InlineData(new[] { "--subnet", "10.0.0.0/24", "--ip-range", "10.1.0.0/25" }, "no matching subnet for range 10.1.0.0/25")]
    [InlineData(new[] { "--subnet", "10.0.0.0/8", "--subnet", "10.1.0.0/16" }, "multiple overlapping subnet configuration is not supported")]
    [InlineData(new[] { "--subnet", "nonsense" }, "invalid CIDR address: nonsense")]
    public async Task Create_ChecksTheAddressFlagsLikeDocker(string[] flags, string error)
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(201, "{}"));
        var result = await CliRunner.RunAsync(engine.Host, ["network", "create", .. flags, "n"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(error + "\n", result.Err);
        Assert.Empty(engine.Requests);
    }

    [Fact]
    public async Task Create_DaemonErrorIsPrinted()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Error(409, "network with name n1 already exists"));
        var result = await CliRunner.RunAsync(engine.Host, ["network", "create", "n1"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error response from daemon: network with name n1 already exists\n", result.Err);
    }

    [Fact]
    public async Task Inspect_PrintsRawJsonFormatsAndReportsMisses()
    {
        await using var engine = new FakeEngine(r => r.Path.EndsWith("/networks/n1", StringComparison.Ordinal)
            ? FakeResponse.Json("{\"Name\":\"n1\",\"Id\":\"abc\",\"Containers\":{}}")
            : FakeResponse.Error(404, "network nope not found"));
        var result = await CliRunner.RunAsync(engine.Host, ["network", "inspect", "n1"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[\n    {\n        \"Name\": \"n1\",\n        \"Id\": \"abc\",\n        \"Containers\": {}\n    }\n]\n", result.Out);
        Assert.Equal("/v1.51/networks/n1", engine.Requests[0].Target);

        var formatted = await CliRunner.RunAsync(engine.Host, ["network", "inspect", "-v", "-f", "{{.Name}}={{.Id}}", "n1", "nope"]);
        Assert.Equal(1, formatted.ExitCode);
        Assert.Equal("n1=abc\n", formatted.Out);
        Assert.Equal("Error response from daemon: network nope not found\n", formatted.Err);
        Assert.Equal("/v1.51/networks/n1?verbose=1", engine.Requests[1].Target);
    }

    [Fact]
    public async Task Rm_PrintsEachRemovedNameAndEachError()
    {
        await using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1.51/networks/a" or "/v1.51/networks/c" => new FakeResponse(204, ""),
            "/v1.51/networks/bridge" => FakeResponse.Error(403, "bridge is a pre-defined network and cannot be removed"),
            _ => FakeResponse.Error(404, "network missing not found"),
        });
        var result = await CliRunner.RunAsync(engine.Host, ["network", "rm", "a", "missing", "bridge", "c"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("a\nc\n", result.Out);
        Assert.Equal("Error response from daemon: network missing not found\nError response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n", result.Err);
        Assert.All(engine.Requests, r => Assert.Equal("DELETE", r.Method));

        var forced = await CliRunner.RunAsync(engine.Host, ["network", "remove", "-f", "missing", "a"]);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("a\n", forced.Out);
        Assert.Equal("", forced.Err);
    }

    [Fact]
    public async Task Prune_AsksThenPrintsTheDeletedNetworks()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{\"NetworksDeleted\":[\"n1\",\"n2\"]}"));
        var result = await CliRunner.RunAsync(engine.Host, ["network", "prune", "--filter", "until=24h"], stdin: "y\n");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] "
            + "Deleted Networks:\nn1\nn2\n\n",
            result.Out);
        var request = Assert.Single(engine.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("filters={\"until\":[\"24h\"]}", Uri.UnescapeDataString(request.Query));
    }

    [Fact]
    public async Task Prune_CancelledOrNothingToDelete()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("{\"NetworksDeleted\":null}"));
        var cancelled = await CliRunner.RunAsync(engine.Host, ["network", "prune"], stdin: "n\n");
        Assert.Equal(0, cancelled.ExitCode);
        Assert.Equal("", cancelled.Err);
        Assert.EndsWith("[y/N] ", cancelled.Out);
        Assert.Empty(engine.Requests);

        var nothing = await CliRunner.RunAsync(engine.Host, ["network", "prune", "-f"]);
        Assert.Equal(0, nothing.ExitCode);
        Assert.Equal("", nothing.Out);
    }

    [Fact]
    public async Task Connect_SendsTheEndpointConfig()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(200, ""));
        var result = await CliRunner.RunAsync(engine.Host, ["network", "connect", "--alias", "db", "--alias", "store", "--ip", "10.9.0.5", "--link", "web:w", "n1", "c1"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out);
        var request = Assert.Single(engine.Requests);
        Assert.Equal(("POST", "/v1.51/networks/n1/connect"), (request.Method, request.Target));
        Assert.Equal(
            "{\"Container\":\"c1\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"10.9.0.5\",\"IPv6Address\":\"\",\"LinkLocalIPs\":null},"
            + "\"Links\":[\"web:w\"],\"Aliases\":[\"db\",\"store\"],\"DriverOpts\":{}}}",
            request.BodyText);
    }

    [Fact]
    public async Task Connect_NotImplementedIsReported()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Error(501, "connecting a container to network n1 is not implemented in Berth yet"));
        var result = await CliRunner.RunAsync(engine.Host, ["network", "connect", "n1", "c1"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error response from daemon: connecting a container to network n1 is not implemented in Berth yet\n", result.Err);
    }

    [Fact]
    public async Task Disconnect_SendsContainerAndForce()
    {
        await using var engine = new FakeEngine(_ => new FakeResponse(200, ""));
        var result = await CliRunner.RunAsync(engine.Host, ["network", "disconnect", "-f", "n1", "c1"]);
        Assert.Equal(0, result.ExitCode);
        var request = Assert.Single(engine.Requests);
        Assert.Equal("/v1.51/networks/n1/disconnect", request.Target);
        Assert.Equal("{\"Container\":\"c1\",\"Force\":true}", request.BodyText);

        var usage = await CliRunner.RunAsync(engine.Host, ["network", "disconnect", "n1"]);
        Assert.Equal(1, usage.ExitCode);
        Assert.StartsWith("berth: 'berth network disconnect' requires 2 arguments", usage.Err);
    }
}
