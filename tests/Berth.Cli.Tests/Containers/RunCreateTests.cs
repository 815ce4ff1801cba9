using Xunit;

namespace Berth.Cli.Tests.Containers;

public class RunCreateTests
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    // Recorded from docker CLI 28: docker create --name x -e A=1 --env B ... -it busybox -c 'echo hi'.
    private const string DockerFullBody = @"{""Hostname"":""hh"",""Domainname"":"""",""User"":""1000:1000"",""AttachStdin"":true,""AttachStdout"":true,""AttachStderr"":true,""ExposedPorts"":{""53/udp"":{},""80/tcp"":{},""90/tcp"":{}},""Tty"":true,""OpenStdin"":true,""StdinOnce"":true,""Env"":[""A=1"",""BERTH_TEST_UNSET_VARIABLE""],""Cmd"":[""-c"",""echo hi""],""Image"":""busybox"",""Volumes"":{},""WorkingDir"":""/tmp"",""Entrypoint"":[""/bin/sh""],""OnBuild"":null,""Labels"":{""k"":""v"",""k2"":""""},""StopSignal"":""SIGINT"",""StopTimeout"":5,""HostConfig"":{""Binds"":[""/a:/b:ro"",""vol:/c""],""ContainerIDFile"":"""",""LogConfig"":{""Type"":""json-file"",""Config"":{""max-size"":""1m""}},""NetworkMode"":""host"",""PortBindings"":{""53/udp"":[{""HostIp"":""127.0.0.1"",""HostPort"":""53""}],""80/tcp"":[{""HostIp"":"""",""HostPort"":""8080""}]},""RestartPolicy"":{""Name"":""on-failure"",""MaximumRetryCount"":3},""AutoRemove"":false,""VolumeDriver"":"""",""VolumesFrom"":null,""ConsoleSize"":[0,0],""CapAdd"":[""CAP_NET_ADMIN""],""CapDrop"":[""ALL""],""CgroupnsMode"":"""",""Dns"":[""8.8.8.8""],""DnsOptions"":[],""DnsSearch"":[""ex.com""],""ExtraHosts"":[""a:1.2.3.4""],""GroupAdd"":null,""IpcMode"":"""",""Cgroup"":"""",""Links"":null,""OomScoreAdj"":0,""PidMode"":"""",""Privileged"":true,""PublishAllPorts"":true,""ReadonlyRootfs"":true,""SecurityOpt"":null,""Tmpfs"":{""/run"":""rw,size=1m""},""UTSMode"":"""",""UsernsMode"":"""",""ShmSize"":67108864,""Isolation"":"""",""CpuShares"":0,""Memory"":536870912,""NanoCpus"":1500000000,""CgroupParent"":"""",""BlkioWeight"":0,""BlkioWeightDevice"":[],""BlkioDeviceReadBps"":[],""BlkioDeviceWriteBps"":[],""BlkioDeviceReadIOps"":[],""BlkioDeviceWriteIOps"":[],""CpuPeriod"":0,""CpuQuota"":0,""CpuRealtimePeriod"":0,""CpuRealtimeRuntime"":0,""CpusetCpus"":"""",""CpusetMems"":"""",""Devices"":[],""DeviceCgroupRules"":null,""DeviceRequests"":null,""MemoryReservation"":0,""MemorySwap"":0,""MemorySwappiness"":-1,""OomKillDisable"":false,""PidsLimit"":100,""Ulimits"":[{""Name"":""nofile"",""Hard"":20,""Soft"":10},{""Name"":""nproc"",""Hard"":5,""Soft"":5}],""CpuCount"":0,""CpuPercent"":0,""IOMaximumIOps"":0,""IOMaximumBandwidth"":0,""Mounts"":[{""Type"":""bind"",""Source"":""/x"",""Target"":""/y"",""ReadOnly"":true},{""Type"":""tmpfs"",""Target"":""/t"",""TmpfsOptions"":{""SizeBytes"":1048576}}],""MaskedPaths"":null,""ReadonlyPaths"":null,""Init"":true},""NetworkingConfig"":{""EndpointsConfig"":{}}}";

    private const string DockerDefaultBody = @"{""Hostname"":"""",""Domainname"":"""",""User"":"""",""AttachStdin"":false,""AttachStdout"":true,""AttachStderr"":true,""Tty"":false,""OpenStdin"":false,""StdinOnce"":false,""Env"":null,""Cmd"":null,""Image"":""busybox"",""Volumes"":{},""WorkingDir"":"""",""Entrypoint"":null,""OnBuild"":null,""Labels"":{},""HostConfig"":{""Binds"":null,""ContainerIDFile"":"""",""LogConfig"":{""Type"":"""",""Config"":{}},""NetworkMode"":""default"",""PortBindings"":{},""RestartPolicy"":{""Name"":""no"",""MaximumRetryCount"":0},""AutoRemove"":false,""VolumeDriver"":"""",""VolumesFrom"":null,""ConsoleSize"":[0,0],""CapAdd"":null,""CapDrop"":null,""CgroupnsMode"":"""",""Dns"":[],""DnsOptions"":[],""DnsSearch"":[],""ExtraHosts"":null,""GroupAdd"":null,""IpcMode"":"""",""Cgroup"":"""",""Links"":null,""OomScoreAdj"":0,""PidMode"":"""",""Privileged"":false,""PublishAllPorts"":false,""ReadonlyRootfs"":false,""SecurityOpt"":null,""UTSMode"":"""",""UsernsMode"":"""",""ShmSize"":0,""Isolation"":"""",""CpuShares"":0,""Memory"":0,""NanoCpus"":0,""CgroupParent"":"""",""BlkioWeight"":0,""BlkioWeightDevice"":[],""BlkioDeviceReadBps"":[],""BlkioDeviceWriteBps"":[],""BlkioDeviceReadIOps"":[],""BlkioDeviceWriteIOps"":[],""CpuPeriod"":0,""CpuQuota"":0,""CpuRealtimePeriod"":0,""CpuRealtimeRuntime"":0,""CpusetCpus"":"""",""CpusetMems"":"""",""Devices"":[],""DeviceCgroupRules"":null,""DeviceRequests"":null,""MemoryReservation"":0,""MemorySwap"":0,""MemorySwappiness"":-1,""OomKillDisable"":false,""PidsLimit"":0,""Ulimits"":[],""CpuCount"":0,""CpuPercent"":0,""IOMaximumIOps"":0,""IOMaximumBandwidth"":0,""MaskedPaths"":null,""ReadonlyPaths"":null},""NetworkingConfig"":{""EndpointsConfig"":{""default"":{""IPAMConfig"":null,""Links"":null,""Aliases"":null,""MacAddress"":"""",""DriverOpts"":null,""GwPriority"":0,""NetworkID"":"""",""EndpointID"":"""",""Gateway"":"""",""IPAddress"":"""",""IPPrefixLen"":0,""IPv6Gateway"":"""",""GlobalIPv6Address"":"""",""GlobalIPv6PrefixLen"":0,""DNSNames"":null}}}}";

    private static FakeResponse Created(RecordedRequest r) => new(201, $"{{\"Id\":\"{Id}\",\"Warnings\":[]}}");

    [Fact]
    public async Task CreateSendsWhatDockerSends()
    {
        await using var engine = new FakeEngine(Created);
        var result = await CliRunner.RunAsync(engine.Host, [
            "create", "--name", "x", "-e", "A=1", "--env", "BERTH_TEST_UNSET_VARIABLE", "-w", "/tmp", "-u", "1000:1000", "--entrypoint", "/bin/sh", "-h", "hh",
            "-l", "k=v", "-l", "k2", "--restart", "on-failure:3", "--init", "--stop-signal", "SIGINT", "--stop-timeout", "5", "--read-only", "--privileged",
            "--cap-add", "NET_ADMIN", "--cap-drop", "ALL", "--ulimit", "nofile=10:20", "--ulimit", "nproc=5", "--shm-size", "64m", "--network", "host",
            "-p", "8080:80", "-p", "127.0.0.1:53:53/udp", "-P", "--expose", "90", "-v", "/a:/b:ro", "-v", "vol:/c",
            "--mount", "type=bind,src=/x,dst=/y,readonly", "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m", "--tmpfs", "/run:rw,size=1m",
            "--log-driver", "json-file", "--log-opt", "max-size=1m", "-m", "512m", "--cpus", "1.5", "--pids-limit", "100", "--add-host", "a:1.2.3.4",
            "--dns", "8.8.8.8", "--dns-search", "ex.com", "-it", "busybox", "-c", "echo hi"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Id + "\n", result.Out);
        var request = Assert.Single(engine.Requests);
        Assert.Equal("/v1.51/containers/create?name=x", request.Target);
        Assert.Equal(DockerFullBody, request.BodyText);
    }

    [Fact]
    public async Task CreateDefaultsMatchDocker()
    {
        await using var engine = new FakeEngine(Created);
        var result = await CliRunner.RunAsync(engine.Host, ["container", "create", "busybox"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(DockerDefaultBody, Assert.Single(engine.Requests).BodyText);
    }

    [Fact]
    public async Task RunAttachesAndWaitsBeforeStartAndExitsWithTheContainerCode()
    {
        await using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1.51/containers/create" => Created(r),
            var p when p.EndsWith("/attach", StringComparison.Ordinal) =>
                new FakeResponse(101, "\u0001\0\0\0\0\0\0\u0003hi\n\u0002\0\0\0\0\0\0\u0004err\n", "application/vnd.docker.multiplexed-stream", Upgrade: true),
            var p when p.EndsWith("/wait", StringComparison.Ordinal) => FakeResponse.Json("{\"StatusCode\":3}"),
            _ => new FakeResponse(204, string.Empty),
        });
        var result = await CliRunner.RunAsync(engine.Host, ["run", "--rm", "busybox", "sh", "-c", "exit 3"]);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hi\n", System.Text.Encoding.UTF8.GetString(result.RawOut));
        Assert.Equal("err\n", result.Err);
        string[] expected = ["POST /v1.51/containers/create", $"POST /v1.51/containers/{Id}/attach?stderr=1&stdout=1&stream=1", $"POST /v1.51/containers/{Id}/start", $"POST /v1.51/containers/{Id}/wait?condition=removed"];
        var seen = engine.Requests.Select(r => r.Method + " " + r.Target).ToArray();
        // Attach completes before start; wait and start travel on separate connections, so the fake may record them in either order.
        Assert.Equal(expected[..2], seen[..2]);
        Assert.Equal(expected[2..], seen[2..].Order(StringComparer.Ordinal));
        Assert.Contains("\"AutoRemove\":true", engine.Requests[0].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunDetachedPrintsTheId()
    {
        await using var engine = new FakeEngine(r => r.Path.EndsWith("/create", StringComparison.Ordinal) ? Created(r) : new FakeResponse(204, string.Empty));
        var result = await CliRunner.RunAsync(engine.Host, ["run", "-d", "busybox", "sleep", "10"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Id + "\n", result.Out);
        Assert.Equal(["/v1.51/containers/create", $"/v1.51/containers/{Id}/start"], engine.Requests.Select(r => r.Path).ToArray());
        Assert.Contains("\"AttachStdin\":false,\"AttachStdout\":false,\"AttachStderr\":false", engine.Requests[0].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunMissingImageTriesToPullThenFails()
    {
        await using var engine = new FakeEngine(r => r.Path.EndsWith("/containers/create", StringComparison.Ordinal)
            ? FakeResponse.Error(404, "No such image: busybox:latest")
            : FakeResponse.Error(404, "pull access denied for nothere"));
        var result = await CliRunner.RunAsync(engine.Host, ["run", "busybox"]);
        Assert.Equal(125, result.ExitCode);
        Assert.Equal("Unable to find image 'busybox:latest' locally\nberth: Error response from daemon: pull access denied for nothere\n\nRun 'berth run --help' for more information\n", result.Err);
        Assert.Equal("/v1.51/images/create?fromImage=busybox&tag=latest", engine.Requests[1].Target);
    }

    [Theory]
    [InlineData("executable file not found in $PATH", 127)]
    [InlineData("exec: \"/etc\": permission denied", 126)]
    [InlineData("cgroup failure", 125)]
    public async Task RunStartErrorsMapToDockerExitCodes(string message, int code)
    {
        await using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1.51/containers/create" => Created(r),
            var p when p.EndsWith("/start", StringComparison.Ordinal) => FakeResponse.Error(400, message),
            _ => new FakeResponse(204, string.Empty),
        });
        var result = await CliRunner.RunAsync(engine.Host, ["run", "-d", "busybox", "nope"]);
        Assert.Equal(code, result.ExitCode);
        Assert.StartsWith("berth: Error response from daemon: ", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "run", "--cpus", "1.0000000001", "busybox" }, "invalid argument \"1.0000000001\" for \"--cpus\" flag: value is too precise\n\nUsage:")]
    [InlineData(new[] { "run", "-m", "12q", "busybox" }, "invalid argument \"12q\" for \"-m, --memory\" flag: invalid suffix: 'q'\n")]
    [InlineData(new[] { "run", "--ulimit", "foo=1", "busybox" }, "invalid argument \"foo=1\" for \"--ulimit\" flag: invalid ulimit type: foo\n")]
    [InlineData(new[] { "run", "--shm-size", "-1", "busybox" }, "invalid argument \"-1\" for \"--shm-size\" flag: invalid size: '-1'\n")]
    [InlineData(new[] { "run", "--mount", "type=foo", "busybox" }, "invalid argument \"type=foo\" for \"--mount\" flag: target is required\n")]
    [InlineData(new[] { "run", "-a", "foo", "busybox" }, "invalid argument \"foo\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR\n")]
    [InlineData(new[] { "run", "-e", "=x", "busybox" }, "invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x\n")]
    [InlineData(new[] { "run", "--restart", "on-failure:x", "busybox" }, "berth: invalid restart policy format: maximum retry count must be an integer\n\nRun 'berth run --help' for more information\n")]
    [InlineData(new[] { "run", "UPPER" }, "berth: invalid reference format: repository name (library/UPPER) must be lowercase\n\nRun 'berth run --help' for more information\n")]
    [InlineData(new[] { "run", "--rm", "--restart", "always", "busybox" }, "berth: conflicting options: cannot specify both --restart and --rm\n\nRun 'berth run --help' for more information\n")]
    [InlineData(new[] { "run", "-p", "99999:80", "busybox" }, "berth: invalid hostPort: 99999\n\nRun 'berth run --help' for more information\n")]
    public async Task RunFlagErrorsExit125LikeDocker(string[] args, string expectedStart)
    {
        await using var engine = new FakeEngine(Created);
        var result = await CliRunner.RunAsync(engine.Host, args);
        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith(expectedStart, result.Err, StringComparison.Ordinal);
        Assert.Empty(engine.Requests);
    }

    [Fact]
    public async Task RunRefusesDetachWithAttachAndTtyWithoutTerminal()
    {
        await using var engine = new FakeEngine(Created);
        var conflict = await CliRunner.RunAsync(engine.Host, ["run", "-d", "-a", "stdout", "busybox"]);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Equal("conflicting options: cannot specify both --attach and --detach\n", conflict.Err);
        var tty = await CliRunner.RunAsync(engine.Host, ["run", "-it", "busybox"]);
        Assert.Equal(1, tty.ExitCode);
        Assert.Equal("the input device is not a TTY\n", tty.Err);
    }
}
