using Xunit;

namespace Berth.Cli.Tests.Containers;

/// <summary>run/create flags past the basic set, each body compared with what docker CLI 28 sent for the same command line.</summary>
public class RunCreateMoreFlagsTests
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    // docker create --volumes-from a --volumes-from b:ro --security-opt no-new-privileges --security-opt seccomp=unconfined --network mynet
    //   --network-alias web --network-alias w2 --ip 172.20.0.5 --ip6 fd00::5 --mac-address 02:42:ac:11:00:02 --dns-option ndots:2
    //   --device /dev/fuse --device /dev/null:/dev/mynull:rw --device /dev/zero:r --link other:alias busybox
    private const string DockerNetworkBody = @"{""Hostname"":"""",""Domainname"":"""",""User"":"""",""AttachStdin"":false,""AttachStdout"":true,""AttachStderr"":true,""Tty"":false,""OpenStdin"":false,""StdinOnce"":false,""Env"":null,""Cmd"":null,""Image"":""busybox"",""Volumes"":{},""WorkingDir"":"""",""Entrypoint"":null,""OnBuild"":null,""Labels"":{},""HostConfig"":{""Binds"":null,""ContainerIDFile"":"""",""LogConfig"":{""Type"":"""",""Config"":{}},""NetworkMode"":""mynet"",""PortBindings"":{},""RestartPolicy"":{""Name"":""no"",""MaximumRetryCount"":0},""AutoRemove"":false,""VolumeDriver"":"""",""VolumesFrom"":[""a"",""b:ro""],""ConsoleSize"":[0,0],""CapAdd"":null,""CapDrop"":null,""CgroupnsMode"":"""",""Dns"":[],""DnsOptions"":[""ndots:2""],""DnsSearch"":[],""ExtraHosts"":null,""GroupAdd"":null,""IpcMode"":"""",""Cgroup"":"""",""Links"":[""other:alias""],""OomScoreAdj"":0,""PidMode"":"""",""Privileged"":false,""PublishAllPorts"":false,""ReadonlyRootfs"":false,""SecurityOpt"":[""no-new-privileges"",""seccomp=unconfined""],""UTSMode"":"""",""UsernsMode"":"""",""ShmSize"":0,""Isolation"":"""",""CpuShares"":0,""Memory"":0,""NanoCpus"":0,""CgroupParent"":"""",""BlkioWeight"":0,""BlkioWeightDevice"":[],""BlkioDeviceReadBps"":[],""BlkioDeviceWriteBps"":[],""BlkioDeviceReadIOps"":[],""BlkioDeviceWriteIOps"":[],""CpuPeriod"":0,""CpuQuota"":0,""CpuRealtimePeriod"":0,""CpuRealtimeRuntime"":0,""CpusetCpus"":"""",""CpusetMems"":"""",""Devices"":[{""PathOnHost"":""/dev/fuse"",""PathInContainer"":""/dev/fuse"",""CgroupPermissions"":""rwm""},{""PathOnHost"":""/dev/null"",""PathInContainer"":""/dev/mynull"",""CgroupPermissions"":""rw""},{""PathOnHost"":""/dev/zero"",""PathInContainer"":""/dev/zero"",""CgroupPermissions"":""r""}],""DeviceCgroupRules"":null,""DeviceRequests"":null,""MemoryReservation"":0,""MemorySwap"":0,""MemorySwappiness"":-1,""OomKillDisable"":false,""PidsLimit"":0,""Ulimits"":[],""CpuCount"":0,""CpuPercent"":0,""IOMaximumIOps"":0,""IOMaximumBandwidth"":0,""MaskedPaths"":null,""ReadonlyPaths"":null},""NetworkingConfig"":{""EndpointsConfig"":{""mynet"":{""IPAMConfig"":{""IPv4Address"":""172.20.0.5"",""IPv6Address"":""fd00::5""},""Links"":[""other:alias""],""Aliases"":[""web"",""w2""],""MacAddress"":""02:42:ac:11:00:02"",""DriverOpts"":null,""GwPriority"":0,""NetworkID"":"""",""EndpointID"":"""",""Gateway"":"""",""IPAddress"":"""",""IPPrefixLen"":0,""IPv6Gateway"":"""",""GlobalIPv6Address"":"""",""GlobalIPv6PrefixLen"":0,""DNSNames"":null}}}}";

    // docker create --health-cmd 'curl -f x' --health-interval 5s --health-retries 3 --health-timeout 2s --health-start-period 1m30s
    //   --health-start-interval 1s --oom-kill-disable --memory-swap 1g -m 512m -c 512 --cpuset-cpus 0-1 --cpuset-mems 0 --group-add audio
    //   --group-add 10 --sysctl net.ipv4.ip_forward=1 --sysctl kernel.shmmax=1 --domainname ex.com --annotation a=b --annotation c
    //   --security-opt systempaths=unconfined -e 'A=<x>&"y"' busybox
    private const string DockerResourcesBody = @"{""Hostname"":"""",""Domainname"":""ex.com"",""User"":"""",""AttachStdin"":false,""AttachStdout"":true,""AttachStderr"":true,""Tty"":false,""OpenStdin"":false,""StdinOnce"":false,""Env"":[""A=\u003cx\u003e\u0026\""y\""""],""Cmd"":null,""Healthcheck"":{""Test"":[""CMD-SHELL"",""curl -f x""],""Interval"":5000000000,""Timeout"":2000000000,""StartPeriod"":90000000000,""StartInterval"":1000000000,""Retries"":3},""Image"":""busybox"",""Volumes"":{},""WorkingDir"":"""",""Entrypoint"":null,""OnBuild"":null,""Labels"":{},""HostConfig"":{""Binds"":null,""ContainerIDFile"":"""",""LogConfig"":{""Type"":"""",""Config"":{}},""NetworkMode"":""default"",""PortBindings"":{},""RestartPolicy"":{""Name"":""no"",""MaximumRetryCount"":0},""AutoRemove"":false,""VolumeDriver"":"""",""VolumesFrom"":null,""ConsoleSize"":[0,0],""Annotations"":{""a"":""b"",""c"":""""},""CapAdd"":null,""CapDrop"":null,""CgroupnsMode"":"""",""Dns"":[],""DnsOptions"":[],""DnsSearch"":[],""ExtraHosts"":null,""GroupAdd"":[""audio"",""10""],""IpcMode"":"""",""Cgroup"":"""",""Links"":null,""OomScoreAdj"":0,""PidMode"":"""",""Privileged"":false,""PublishAllPorts"":false,""ReadonlyRootfs"":false,""SecurityOpt"":[],""UTSMode"":"""",""UsernsMode"":"""",""ShmSize"":0,""Sysctls"":{""kernel.shmmax"":""1"",""net.ipv4.ip_forward"":""1""},""Isolation"":"""",""CpuShares"":512,""Memory"":536870912,""NanoCpus"":0,""CgroupParent"":"""",""BlkioWeight"":0,""BlkioWeightDevice"":[],""BlkioDeviceReadBps"":[],""BlkioDeviceWriteBps"":[],""BlkioDeviceReadIOps"":[],""BlkioDeviceWriteIOps"":[],""CpuPeriod"":0,""CpuQuota"":0,""CpuRealtimePeriod"":0,""CpuRealtimeRuntime"":0,""CpusetCpus"":""0-1"",""CpusetMems"":""0"",""Devices"":[],""DeviceCgroupRules"":null,""DeviceRequests"":null,""MemoryReservation"":0,""MemorySwap"":1073741824,""MemorySwappiness"":-1,""OomKillDisable"":true,""PidsLimit"":0,""Ulimits"":[],""CpuCount"":0,""CpuPercent"":0,""IOMaximumIOps"":0,""IOMaximumBandwidth"":0,""MaskedPaths"":[],""ReadonlyPaths"":[]},""NetworkingConfig"":{""EndpointsConfig"":{""default"":{""IPAMConfig"":null,""Links"":null,""Aliases"":null,""MacAddress"":"""",""DriverOpts"":null,""GwPriority"":0,""NetworkID"":"""",""EndpointID"":"""",""Gateway"":"""",""IPAddress"":"""",""IPPrefixLen"":0,""IPv6Gateway"":"""",""GlobalIPv6Address"":"""",""GlobalIPv6PrefixLen"":0,""DNSNames"":null}}}}";

    // docker create --ip 172.17.0.9 --mac-address 02:42:ac:11:00:02 --link old busybox: the default network keeps its endpoint, --link is a legacy link.
    private const string DockerDefaultNetworkBody = @"{""Hostname"":"""",""Domainname"":"""",""User"":"""",""AttachStdin"":false,""AttachStdout"":true,""AttachStderr"":true,""Tty"":false,""OpenStdin"":false,""StdinOnce"":false,""Env"":null,""Cmd"":null,""Image"":""busybox"",""Volumes"":{},""WorkingDir"":"""",""Entrypoint"":null,""OnBuild"":null,""Labels"":{},""HostConfig"":{""Binds"":null,""ContainerIDFile"":"""",""LogConfig"":{""Type"":"""",""Config"":{}},""NetworkMode"":""default"",""PortBindings"":{},""RestartPolicy"":{""Name"":""no"",""MaximumRetryCount"":0},""AutoRemove"":false,""VolumeDriver"":"""",""VolumesFrom"":null,""ConsoleSize"":[0,0],""CapAdd"":null,""CapDrop"":null,""CgroupnsMode"":"""",""Dns"":[],""DnsOptions"":[],""DnsSearch"":[],""ExtraHosts"":null,""GroupAdd"":null,""IpcMode"":"""",""Cgroup"":"""",""Links"":[""old""],""OomScoreAdj"":0,""PidMode"":"""",""Privileged"":false,""PublishAllPorts"":false,""ReadonlyRootfs"":false,""SecurityOpt"":null,""UTSMode"":"""",""UsernsMode"":"""",""ShmSize"":0,""Isolation"":"""",""CpuShares"":0,""Memory"":0,""NanoCpus"":0,""CgroupParent"":"""",""BlkioWeight"":0,""BlkioWeightDevice"":[],""BlkioDeviceReadBps"":[],""BlkioDeviceWriteBps"":[],""BlkioDeviceReadIOps"":[],""BlkioDeviceWriteIOps"":[],""CpuPeriod"":0,""CpuQuota"":0,""CpuRealtimePeriod"":0,""CpuRealtimeRuntime"":0,""CpusetCpus"":"""",""CpusetMems"":"""",""Devices"":[],""DeviceCgroupRules"":null,""DeviceRequests"":null,""MemoryReservation"":0,""MemorySwap"":0,""MemorySwappiness"":-1,""OomKillDisable"":false,""PidsLimit"":0,""Ulimits"":[],""CpuCount"":0,""CpuPercent"":0,""IOMaximumIOps"":0,""IOMaximumBandwidth"":0,""MaskedPaths"":null,""ReadonlyPaths"":null},""NetworkingConfig"":{""EndpointsConfig"":{""default"":{""IPAMConfig"":{""IPv4Address"":""172.17.0.9""},""Links"":null,""Aliases"":null,""MacAddress"":""02:42:ac:11:00:02"",""DriverOpts"":null,""GwPriority"":0,""NetworkID"":"""",""EndpointID"":"""",""Gateway"":"""",""IPAddress"":"""",""IPPrefixLen"":0,""IPv6Gateway"":"""",""GlobalIPv6Address"":"""",""GlobalIPv6PrefixLen"":0,""DNSNames"":null}}}}";

    private static FakeResponse Created(RecordedRequest r) => new(201, $"{{\"Id\":\"{Id}\",\"Warnings\":[]}}");

    [Fact]
    public async Task NetworkAndSecurityFlagsMatchDocker()
    {
        await using var engine = new FakeEngine(Created);
        var result = await CliRunner.RunAsync(engine.Host, [
            "create", "--volumes-from", "a", "--volumes-from", "b:ro", "--security-opt", "no-new-privileges", "--security-opt", "seccomp=unconfined",
            "--network", "mynet", "--network-alias", "web", "--network-alias", "w2", "--ip", "172.20.0.5", "--ip6", "fd00::5",
            "--mac-address", "02:42:ac:11:00:02", "--dns-option", "ndots:2", "--device", "/dev/fuse", "--device", "/dev/null:/dev/mynull:rw",
            "--device", "/dev/zero:r", "--link", "other:alias", "busybox"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(DockerNetworkBody, Assert.Single(engine.Requests).BodyText);
    }

    [Fact]
    public async Task HealthAndResourceFlagsMatchDocker()
    {
        await using var engine = new FakeEngine(Created);
        var result = await CliRunner.RunAsync(engine.Host, [
            "create", "--health-cmd", "curl -f x", "--health-interval", "5s", "--health-retries", "3", "--health-timeout", "2s",
            "--health-start-period", "1m30s", "--health-start-interval", "1s", "--oom-kill-disable", "--memory-swap", "1g", "-m", "512m", "-c", "512",
            "--cpuset-cpus", "0-1", "--cpuset-mems", "0", "--group-add", "audio", "--group-add", "10", "--sysctl", "net.ipv4.ip_forward=1",
            "--sysctl", "kernel.shmmax=1", "--domainname", "ex.com", "--annotation", "a=b", "--annotation", "c",
            "--security-opt", "systempaths=unconfined", "-e", "A=<x>&\"y\"", "busybox"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(DockerResourcesBody, Assert.Single(engine.Requests).BodyText);
    }

    [Fact]
    public async Task DefaultNetworkEndpointCarriesIpAndMac()
    {
        await using var engine = new FakeEngine(Created);
        var result = await CliRunner.RunAsync(engine.Host, ["create", "--ip", "172.17.0.9", "--mac-address", "02:42:ac:11:00:02", "--link", "old", "busybox"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(DockerDefaultNetworkBody, Assert.Single(engine.Requests).BodyText);
    }

    [Theory]
    [InlineData(new[] { "--no-healthcheck" }, "\"Cmd\":null,\"Healthcheck\":{\"Test\":[\"NONE\"]},\"Image\"")]
    [InlineData(new[] { "--health-interval", "1h2m3.5s" }, "\"Healthcheck\":{\"Interval\":3723500000000}")]
    [InlineData(new[] { "--network", "bridge", "--link", "a" }, "\"EndpointsConfig\":{}")]
    [InlineData(new[] { "--network", "host", "--ip", "1.2.3.4" }, "\"EndpointsConfig\":{\"host\":{\"IPAMConfig\":{\"IPv4Address\":\"1.2.3.4\"},")]
    [InlineData(new[] { "--device", "/dev/x/../a" }, "\"Devices\":[{\"PathOnHost\":\"/dev/a\",\"PathInContainer\":\"/dev/a\",\"CgroupPermissions\":\"rwm\"}]")]
    [InlineData(new[] { "--mac-address", "0242.ac11.0002", "--security-opt", "label:disable" }, "\"SecurityOpt\":[\"label:disable\"]")]
    public async Task FlagFragmentsMatchDocker(string[] flags, string fragment)
    {
        await using var engine = new FakeEngine(Created);
        var result = await CliRunner.RunAsync(engine.Host, ["create", .. flags, "busybox"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(fragment, Assert.Single(engine.Requests).BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeccompProfileIsSentCompacted()
    {
        var dir = Directory.CreateTempSubdirectory("berth-seccomp-");
        try
        {
            var profile = Path.Combine(dir.FullName, "profile.json");
            await File.WriteAllTextAsync(profile, "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": [ { \"names\": [\"a b\", \"x\\\"y\"] } ]\n}\n");
            await using var engine = new FakeEngine(Created);
            var result = await CliRunner.RunAsync(engine.Host, ["create", "--security-opt", "seccomp=" + profile, "busybox"]);
            Assert.Equal(0, result.ExitCode);
            // Recorded from docker CLI 28 with the same file.
            Assert.Contains(@"""SecurityOpt"":[""seccomp={\""defaultAction\"":\""SCMP_ACT_ALLOW\"",\""syscalls\"":[{\""names\"":[\""a b\"",\""x\\\""y\""]}]}""]", Assert.Single(engine.Requests).BodyText, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--device", "/dev/a:/dev/b:rwmx" }, "berth: bad mode specified: rwmx\n")]
    [InlineData(new[] { "--device", "a:b" }, "berth: b is not an absolute path\n")]
    [InlineData(new[] { "--device", "/dev/a:/dev/b:c:d" }, "berth: bad format for path: /dev/a:/dev/b:c:d\n")]
    [InlineData(new[] { "--mac-address", "02:zz" }, "berth: 02:zz is not a valid mac address\n")]
    [InlineData(new[] { "--security-opt", "foo" }, "berth: Invalid --security-opt: \"foo\"\n")]
    [InlineData(new[] { "--security-opt", "seccomp=/nonexistent-berth" }, "berth: opening seccomp profile (/nonexistent-berth) failed: open /nonexistent-berth: no such file or directory\n")]
    [InlineData(new[] { "--network-alias", "x" }, "berth: network-scoped aliases are only supported for user-defined networks\n")]
    [InlineData(new[] { "--no-healthcheck", "--health-retries", "2" }, "berth: --no-healthcheck conflicts with --health-* options\n")]
    [InlineData(new[] { "--health-interval", "-1s" }, "berth: --health-interval cannot be negative\n")]
    [InlineData(new[] { "--health-interval", "5" }, "invalid argument \"5\" for \"--health-interval\" flag: time: missing unit in duration \"5\"\n")]
    [InlineData(new[] { "--health-timeout", "3x" }, "invalid argument \"3x\" for \"--health-timeout\" flag: time: unknown unit \"x\" in duration \"3x\"\n")]
    [InlineData(new[] { "--sysctl", "net.x" }, "invalid argument \"net.x\" for \"--sysctl\" flag: sysctl 'net.x' is not allowed\n")]
    [InlineData(new[] { "-c", "x" }, "invalid argument \"x\" for \"-c, --cpu-shares\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n")]
    public async Task FlagErrorsMatchDocker(string[] flags, string expectedStart)
    {
        await using var engine = new FakeEngine(Created);
        var result = await CliRunner.RunAsync(engine.Host, ["create", .. flags, "busybox"]);
        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith(expectedStart, result.Err, StringComparison.Ordinal);
        Assert.Empty(engine.Requests);
    }
}
