using System.Text.Json.Nodes;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Runtime.Oci;
using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>config.json generation against the OCI runtime-spec field names; no root needed.</summary>
public sealed class OciSpecBuilderTests
{
    private static OciSpecInput Input(ContainerSpec config, IReadOnlyList<OciRlimit>? rlimits = null) => new()
    {
        Config = config,
        ProcessArgs = ["sh"],
        Hostname = "abc123",
        User = new ExecUser(1000, 1000, [10], "/home/alice"),
        Env = ["PATH=/bin"],
        WorkingDir = "/work",
        RootfsPath = "/c/rootfs",
        HostnamePath = "/c/hostname",
        HostsPath = "/c/hosts",
        ResolvConfPath = "/c/resolv.conf",
        CgroupsPath = "/berth/abc",
        Rlimits = rlimits ?? [],
    };

    private static List<string> Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    [Fact]
    public void Defaults_MatchDocker()
    {
        JsonObject spec = OciSpecBuilder.Build(Input(new ContainerSpec { Image = "x" }));
        Assert.Equal("1.0.2", spec["ociVersion"]!.GetValue<string>());
        var process = spec["process"]!;
        Assert.Equal(Capabilities.Default, Strings(process["capabilities"]!["bounding"]));
        Assert.Equal(Capabilities.Default, Strings(process["capabilities"]!["effective"]));
        Assert.Equal(1000u, process["user"]!["uid"]!.GetValue<uint>());
        Assert.Equal([10u], process["user"]!["additionalGids"]!.AsArray().Select(n => n!.GetValue<uint>()));
        Assert.Equal("/work", process["cwd"]!.GetValue<string>());
        Assert.Null(process["rlimits"]);
        Assert.False(spec["root"]!["readonly"]!.GetValue<bool>());

        var mounts = spec["mounts"]!.AsArray().ToDictionary(m => m!["destination"]!.GetValue<string>());
        Assert.Contains("size=67108864", Strings(mounts["/dev/shm"]!["options"]));
        Assert.Contains("ro", Strings(mounts["/sys"]!["options"]));
        Assert.Equal("/c/resolv.conf", mounts["/etc/resolv.conf"]!["source"]!.GetValue<string>());
        Assert.Equal(["/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts"], mounts.Keys);

        var linux = spec["linux"]!;
        Assert.Equal(["mount", "pid", "ipc", "uts", "network"], linux["namespaces"]!.AsArray().Select(n => n!["type"]!.GetValue<string>()));
        Assert.Equal(OciSpecBuilder.MaskedPaths, Strings(linux["maskedPaths"]));
        Assert.Contains("/proc/sys", Strings(linux["readonlyPaths"]));
        Assert.Equal("/berth/abc", linux["cgroupsPath"]!.GetValue<string>());
    }

    [Fact]
    public void HostNetwork_Privileged_Resources_Shm()
    {
        var config = new ContainerSpec
        {
            Image = "x", NetworkMode = "host", Privileged = true, ReadonlyRootfs = true, ShmSize = 1024 * 1024,
            Memory = 128 * 1024 * 1024, NanoCpus = 1_500_000_000, PidsLimit = 20,
        };
        JsonObject spec = OciSpecBuilder.Build(Input(config));
        Assert.DoesNotContain("network", spec["linux"]!["namespaces"]!.AsArray().Select(n => n!["type"]!.GetValue<string>()));
        Assert.Equal(Capabilities.Available, Strings(spec["process"]!["capabilities"]!["bounding"]));
        Assert.Null(spec["linux"]!["maskedPaths"]);
        Assert.True(spec["root"]!["readonly"]!.GetValue<bool>());
        var res = spec["linux"]!["resources"]!;
        Assert.Equal(128L * 1024 * 1024, res["memory"]!["limit"]!.GetValue<long>());
        Assert.Equal(150_000L, res["cpu"]!["quota"]!.GetValue<long>());
        Assert.Equal(100_000L, res["cpu"]!["period"]!.GetValue<long>());
        Assert.Equal(20L, res["pids"]!["limit"]!.GetValue<long>());
        var shm = spec["mounts"]!.AsArray().Single(m => m!["destination"]!.GetValue<string>() == "/dev/shm");
        Assert.Contains("size=1048576", Strings(shm!["options"]));
    }

    [Fact]
    public void Capabilities_AddDropAll()
    {
        Assert.Equal(Capabilities.Default.Where(c => c != "CAP_NET_RAW").Append("CAP_SYS_ADMIN"),
            Capabilities.Compute(["SYS_ADMIN"], ["net_raw"], privileged: false));
        Assert.Equal(["CAP_CHOWN"], Capabilities.Compute(["CHOWN"], ["ALL"], privileged: false));
        Assert.Equal(Capabilities.Available.Where(c => c != "CAP_KILL"), Capabilities.Compute(["ALL"], ["KILL"], privileged: false));
        var bad = Assert.Throws<EngineException>(() => Capabilities.Compute(["NOPE"], [], privileged: false));
        Assert.Equal("invalid capability: CAP_NOPE", bad.Message);
    }

    [Fact]
    public void Environment_DefaultsThenImageThenUser()
    {
        var merged = EnvironmentBuilder.Merge(["PATH=/img", "A=1", "B=2"], ["A=x", "C=3", "B"]);
        Assert.Equal(["PATH=/img", "A=x", "C=3"], merged);
        Assert.Equal(["PATH=/img", "A=x", "C=3"], merged);
        var env = EnvironmentBuilder.Build("host1", tty: true, ["A=1"]);
        Assert.Equal([EnvironmentBuilder.DefaultPath, "HOSTNAME=host1", "TERM=xterm", "A=1"], env);
        Assert.Equal(["HOSTNAME=h", "PATH=/x"], EnvironmentBuilder.Build("h", tty: false, ["PATH=/x"]));
    }

    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n";
    private const string Group = "root:x:0:\nalice:x:1000:\nwheel:x:10:alice,bob\naudio:x:29:alice\n";

    [Theory]
    [InlineData(null, 0u, 0u, "/root")]
    [InlineData("alice", 1000u, 1000u, "/home/alice")]
    [InlineData("1000", 1000u, 1000u, "/home/alice")]
    [InlineData("4242", 4242u, 0u, "/")]
    [InlineData("alice:wheel", 1000u, 10u, "/home/alice")]
    [InlineData("4242:77", 4242u, 77u, "/")]
    public void User_Resolution(string? user, uint uid, uint gid, string home)
    {
        ExecUser u = UserResolver.Resolve(user, Passwd, Group);
        Assert.Equal(uid, u.Uid);
        Assert.Equal(gid, u.Gid);
        Assert.Equal(home, u.Home);
    }

    [Fact]
    public void User_SupplementaryGroups_OnlyWithoutExplicitGroup()
    {
        Assert.Equal([10u, 29u], UserResolver.Resolve("alice", Passwd, Group).AdditionalGids);
        Assert.Empty(UserResolver.Resolve("alice:wheel", Passwd, Group).AdditionalGids);
    }

    [Fact]
    public void User_UnknownNames_UseDockersMessages()
    {
        Assert.Equal("unable to find user bob: no matching entries in passwd file",
            Assert.Throws<EngineException>(() => UserResolver.Resolve("bob", Passwd, Group)).Message);
        Assert.Equal("unable to find group staff: no matching entries in group file",
            Assert.Throws<EngineException>(() => UserResolver.Resolve("alice:staff", Passwd, Group)).Message);
    }

    [Fact]
    public void Ulimits_AreClampedToTheHostHardLimit()
    {
        var limits = RlimitBuilder.Build([new Ulimit("nofile", 1024, 1_000_000), new Ulimit("nproc", 100, 200)], _ => 20000);
        Assert.Equal(new OciRlimit("RLIMIT_NOFILE", 20000, 1024), limits[0]);
        Assert.Equal(new OciRlimit("RLIMIT_NPROC", 200, 100), limits[1]);
        var clampedSoft = RlimitBuilder.Build([new Ulimit("nofile", 50_000, 60_000)], _ => 20000);
        Assert.Equal(new OciRlimit("RLIMIT_NOFILE", 20000, 20000), clampedSoft[0]);
        Assert.Equal("ulimit soft limit must be less than or equal to hard limit: 10 > 5",
            Assert.Throws<EngineException>(() => RlimitBuilder.Build([new Ulimit("nofile", 10, 5)], _ => 20000)).Message);
        Assert.Equal("invalid ulimit type: bogus",
            Assert.Throws<EngineException>(() => RlimitBuilder.Build([new Ulimit("bogus", 1, 1)], _ => 20000)).Message);

        JsonObject spec = OciSpecBuilder.Build(Input(new ContainerSpec { Image = "x" }, limits));
        var rl = spec["process"]!["rlimits"]!.AsArray()[0]!;
        Assert.Equal("RLIMIT_NOFILE", rl["type"]!.GetValue<string>());
        Assert.Equal(20000UL, rl["hard"]!.GetValue<ulong>());
        Assert.Equal(1024UL, rl["soft"]!.GetValue<ulong>());
    }
}
