using Xunit;

namespace Berth.Cli.Tests;

public class SystemCommandTests
{
    private const string Version = """
        {"Platform":{"Name":""},"Components":[{"Name":"Engine","Version":"0.1.0","Details":{"ApiVersion":"1.51","Arch":"amd64","BuildTime":"2025-01-02T03:04:05.000000000+00:00","Experimental":"false","GitCommit":"abc1234","GoVersion":".NET 10","KernelVersion":"6.18","MinAPIVersion":"1.24","Os":"linux"}},{"Name":"runc","Version":"1.1.5","Details":{"GitCommit":"v1.1.5-0"}}],"Version":"0.1.0","ApiVersion":"1.51","MinAPIVersion":"1.24","Os":"linux","Arch":"amd64"}
        """;

    [Fact]
    public async Task VersionDefaultTemplate()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(Version));
        var result = await CliRunner.RunAsync(engine.Host, ["version"]);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n');
        Assert.Equal("Client:", lines[0]);
        Assert.Equal(" Version:           0.1.0", lines[1]);
        Assert.Equal(" API version:       1.51", lines[2]);
        Assert.Equal(" Context:           default", lines[7]);
        Assert.Equal("", lines[8]);
        Assert.Equal("Server:", lines[9]);
        Assert.Equal(" Engine:", lines[10]);
        Assert.Equal("  Version:          0.1.0", lines[11]);
        Assert.Equal("  API version:      1.51 (minimum version 1.24)", lines[12]);
        Assert.Equal("  Built:            Thu Jan  2 03:04:05 2025", lines[15]);
        Assert.Equal(" runc:", lines[18]);
        Assert.Equal("  Version:          1.1.5", lines[19]);
        Assert.Equal("  GitCommit:        v1.1.5-0", lines[20]);
        Assert.Equal("/v1.51/version", Assert.Single(engine.Requests).Target);
    }

    [Fact]
    public async Task VersionFormatAndParseError()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(Version));
        var result = await CliRunner.RunAsync(engine.Host, ["version", "--format", "{{.Server.Version}} {{.Client.ApiVersion}}"]);
        Assert.Equal("0.1.0 1.51\n", result.Out);

        var bad = await CliRunner.RunAsync(engine.Host, ["version", "-f", "{{.Foo"]);
        Assert.Equal(64, bad.ExitCode);
        Assert.Equal("template parsing error: template: version:1: unclosed action\n", bad.Err);
    }

    [Fact]
    public async Task VersionWithoutDaemonPrintsClientThenError()
    {
        var result = await CliRunner.RunAsync("unix:///nonexistent.sock", ["version"]);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Client:\n Version:           ", result.Out);
        Assert.Equal("Cannot connect to the Berth daemon at unix:///nonexistent.sock. Is the berth daemon running?\n", result.Err);
    }

    [Fact]
    public async Task InfoPrettyPrint()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json("""
            {"Containers":3,"ContainersRunning":1,"ContainersPaused":0,"ContainersStopped":2,"Images":5,"ServerVersion":"0.1.0","Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"]],"LoggingDriver":"json-file","CgroupDriver":"cgroupfs","CgroupVersion":"1","Plugins":{"Volume":["local"],"Network":["bridge","host","null"],"Log":["json-file"]},"Swarm":{"LocalNodeState":"inactive"},"Runtimes":{"runc":{"path":"runc"}},"DefaultRuntime":"runc","OSType":"linux","InitBinary":"","ContainerdCommit":{"ID":""},"RuncCommit":{"ID":"v1.1.5"},"InitCommit":{"ID":""},"SecurityOptions":["name=seccomp,profile=builtin"],"KernelVersion":"6.18","OperatingSystem":"Debian GNU/Linux 12","Architecture":"x86_64","NCPU":2,"MemTotal":2097152000,"Name":"host1","ID":"abc","DockerRootDir":"/var/lib/berth","Debug":false,"Labels":[],"ExperimentalBuild":false,"LiveRestoreEnabled":false,"Warnings":["WARNING: bridge-nf-call-iptables is disabled"]}
            """));
        var result = await CliRunner.RunAsync(engine.Host, ["system", "info"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Client:
             Version:    0.1.0
             Context:    default
             Debug Mode: false

            Server:
             Containers: 3
              Running: 1
              Paused: 0
              Stopped: 2
             Images: 5
             Server Version: 0.1.0
             Storage Driver: overlay2
              Backing Filesystem: extfs
             Logging Driver: json-file
             Cgroup Driver: cgroupfs
             Cgroup Version: 1
             Plugins:
              Volume: local
              Network: bridge host null
              Log: json-file
             Swarm: inactive
             Runtimes: runc
             Default Runtime: runc
             Init Binary: 
             containerd version: 
             runc version: v1.1.5
             init version: 
             Security Options:
              seccomp
               Profile: builtin
             Kernel Version: 6.18
             Operating System: Debian GNU/Linux 12
             OSType: linux
             Architecture: x86_64
             CPUs: 2
             Total Memory: 1.953GiB
             Name: host1
             ID: abc
             Docker Root Dir: /var/lib/berth
             Debug Mode: false
             Experimental: false
             Live Restore Enabled: false


            """, result.Out);
        Assert.Equal("WARNING: bridge-nf-call-iptables is disabled\n", result.Err);

        var formatted = await CliRunner.RunAsync(engine.Host, ["info", "--format", "{{.NCPU}} {{json .Plugins.Network}}"]);
        Assert.Equal("2 [\"bridge\",\"host\",\"null\"]\n", formatted.Out);
    }

    [Fact]
    public async Task HelpAndGroups()
    {
        var help = await CliRunner.RunAsync(null, ["images", "--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage:  berth images [OPTIONS] [REPOSITORY[:TAG]]\n\nList images\n\nAliases:\n", help.Out);
        Assert.Contains("  -a, --all             Show all images (default hides intermediate images)\n", help.Out);

        var group = await CliRunner.RunAsync(null, ["image"]);
        Assert.Contains("  ls          List images\n", group.Out);

        var unknown = await CliRunner.RunAsync(null, ["frobnicate"]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("berth: unknown command: berth frobnicate\n\nRun 'berth --help' for more information\n", unknown.Err);

        var version = await CliRunner.RunAsync(null, ["-v"]);
        Assert.Equal("Berth version 0.1.0\n", version.Out);
    }

    [Fact]
    public async Task CommandListsShowOnlyTheOneLineDescriptionWhileCpHelpKeepsTheLongText()
    {
        const string CpLine = "  cp          Copy files/folders between a container and the local filesystem\n  create ";
        foreach (string[] args in (string[][])[["--help"], ["container", "--help"]])
        {
            var list = await CliRunner.RunAsync(null, args);
            Assert.Equal(0, list.ExitCode);
            Assert.Contains(CpLine, list.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("Use '-'", list.Out, StringComparison.Ordinal);
        }

        var help = await CliRunner.RunAsync(null, ["cp", "--help"]);
        Assert.StartsWith(
            "Usage:  berth cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\n"
            + "Copy files/folders between a container and the local filesystem\n\nUse '-' as the source to read a tar archive from stdin\n"
            + "and extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a\n"
            + "container source to stdout.\n\nAliases:\n  berth container cp, berth cp\n",
            help.Out);
    }
}
