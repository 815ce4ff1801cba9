using System.Text.Json.Nodes;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Runtime.Oci.Seccomp;
using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>Docker's default seccomp profile, --privileged / seccomp=unconfined, --init, image usage.</summary>
public sealed class SecurityAndInitTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void DefaultProfile_FollowsMobysRules_ForCapabilitiesAndArch()
    {
        JsonObject p = SeccompProfile.Default(["CAP_CHOWN"]);
        Assert.Equal("SCMP_ACT_ERRNO", (string?)p["defaultAction"]);
        Assert.Equal(1, (int?)p["defaultErrnoRet"]);
        var names = p["syscalls"]!.AsArray().SelectMany(s => s!["names"]!.AsArray().Select(n => (string?)n)).ToList();
        Assert.Contains("read", names);
        Assert.Contains("ptrace", names); // minKernel 4.8 rule
        Assert.DoesNotContain("mount", names);
        Assert.DoesNotContain("unshare", names);
        Assert.DoesNotContain("reboot", names);
        var clone3 = p["syscalls"]!.AsArray().Single(s => s!["names"]!.AsArray().Any(n => (string?)n == "clone3"));
        Assert.Equal(38, (int?)clone3!["errnoRet"]);

        JsonObject admin = SeccompProfile.Build((JsonObject)JsonNode.Parse(File.ReadAllText(ProfilePath()))!, ["CAP_SYS_ADMIN"], "amd64", new Version(6, 1));
        var adminNames = admin["syscalls"]!.AsArray().SelectMany(s => s!["names"]!.AsArray().Select(n => (string?)n)).ToList();
        Assert.Contains("mount", adminNames);
        Assert.DoesNotContain("clone3", admin["syscalls"]!.AsArray().Where(s => s!["action"]!.ToString() == "SCMP_ACT_ERRNO").SelectMany(s => s!["names"]!.AsArray().Select(n => (string?)n)));
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], admin["architectures"]!.AsArray().Select(a => (string?)a));
        Assert.Contains("arch_prctl", adminNames);
        JsonObject arm = SeccompProfile.Build((JsonObject)JsonNode.Parse(File.ReadAllText(ProfilePath()))!, [], "arm64", new Version(4, 4));
        var armNames = arm["syscalls"]!.AsArray().SelectMany(s => s!["names"]!.AsArray().Select(n => (string?)n)).ToList();
        Assert.DoesNotContain("arch_prctl", armNames);
        Assert.DoesNotContain("ptrace", armNames); // kernel older than 4.8, no CAP_SYS_PTRACE
    }

    [Fact]
    public void SeccompProfile_LeavesOutSubArchitecturesTheKernelRejects()
    {
        var profile = (JsonObject)JsonNode.Parse(File.ReadAllText(ProfilePath()))!;
        JsonObject p = SeccompProfile.Build(profile, [], "amd64", new Version(6, 1), ["SCMP_ARCH_X32"]);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], p["architectures"]!.AsArray().Select(a => (string?)a));
        // The native arch is never dropped, whatever the caller says.
        JsonObject native = SeccompProfile.Build(profile, [], "amd64", new Version(6, 1), ["SCMP_ARCH_X86_64"]);
        Assert.Equal("SCMP_ARCH_X86_64", (string?)native["architectures"]![0]);
    }

    private static string ProfilePath() => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Berth.Runtime", "Oci", "Seccomp", "default.json");

    [Fact]
    public async Task Seccomp_DeniesUnshareAndMount_ButShRuns_UnconfinedAndPrivilegedDoNot()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        // Even with CAP_SYS_ADMIN removed from the picture, the profile must allow a normal shell.
        const string probe = "echo ok; unshare -U true 2>/dev/null && echo unshare-allowed || echo unshare-denied; mkdir -p /m; mount -t tmpfs t /m 2>/dev/null && echo mount-allowed || echo mount-denied";
        string confined = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", probe));
        string unconfined = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", "unshare -U true && echo unshare-allowed") with { SecurityOpt = ["seccomp=unconfined"] });
        string privileged = await h.RunAsync(RuntimeHarness.Spec("sh", "-c", "mkdir -p /m; mount -t tmpfs t /m && echo mount-allowed") with { Privileged = true });
        foreach (string id in new[] { confined, unconfined, privileged })
        {
            Assert.Equal(0, await svc.WaitAsync(id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        }
        Assert.Equal("ok\nunshare-denied\nmount-denied\n", await h.LogTextAsync(confined));
        Assert.Equal("unshare-allowed\n", await h.LogTextAsync(unconfined));
        Assert.Equal("mount-allowed\n", await h.LogTextAsync(privileged));
        string config = File.ReadAllText(Path.Combine(h.Options.DataRoot, "containers", confined, "config.json"));
        Assert.Contains("\"seccomp\"", config);
        Assert.DoesNotContain("\"seccomp\"", File.ReadAllText(Path.Combine(h.Options.DataRoot, "containers", unconfined, "config.json")));

        var bad = await Assert.ThrowsAsync<EngineException>(() => svc.CreateAsync(null, RuntimeHarness.Spec("true") with { SecurityOpt = ["bogus"] }, None));
        Assert.Equal("invalid --security-opt 1: \"bogus\"", bad.Message);
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task Init_RunsDockerInitAsPid1_AndForwardsTheExitCode()
    {
        Assert.True(File.Exists("/usr/bin/tini-static"), "the tini package (scripts/install-deps.sh) provides /usr/bin/tini-static");
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        var created = await svc.CreateAsync(null, RuntimeHarness.Spec("sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo; echo $$; exit 4") with { Init = true }, None);
        Assert.Empty(created.Warnings);
        await svc.StartAsync(created.Id, None);
        Assert.Equal(4, await svc.WaitAsync(created.Id, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20)));
        string[] lines = (await h.LogTextAsync(created.Id)).Split('\n');
        Assert.Equal("/sbin/docker-init -- sh -c " + "cat /proc/1/cmdline | tr '\\0' ' '; echo; echo $$; exit 4 ", lines[0]);
        Assert.NotEqual("1", lines[1]); // the shell is not pid 1
        var info = await svc.GetAsync(created.Id, None);
        Assert.Equal("sh", info.Path); // inspect shows the user's command, as Docker does
        await h.AssertCleanAfterRemovingAllAsync();
    }

    [Fact]
    public async Task RunningContainersUsing_CountsRunningPausedAndRestartingOnly()
    {
        await using var h = new RuntimeHarness();
        var svc = await h.StartServiceAsync();
        string running = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        string paused = await h.RunAsync(RuntimeHarness.Spec("sleep", "100"));
        await svc.PauseAsync(paused, None);
        string created = (await svc.CreateAsync(null, RuntimeHarness.Spec("true"), None)).Id;
        string exited = await h.RunAsync(RuntimeHarness.Spec("true"));
        await svc.WaitAsync(exited, WaitCondition.NotRunning, None).WaitAsync(TimeSpan.FromSeconds(20));
        Core.Images.IImageUsage usage = svc;
        Assert.Equal(new[] { running, paused }.Order(), usage.RunningContainersUsing(Fakes.BusyboxImage.ImageId).Order());
        Assert.Equal(new[] { running, paused, created, exited }.Order(), usage.ContainersUsing(Fakes.BusyboxImage.ImageId).Order());
        Assert.Empty(usage.RunningContainersUsing("sha256:other"));
        await h.AssertCleanAfterRemovingAllAsync();
    }
}
