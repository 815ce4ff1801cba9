using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>
/// A container turns its mount target into a symlink pointing at a host path; a new container from
/// the committed image must resolve it inside its own rootfs: no host file copied into the volume,
/// nothing mounted over the host path.
/// </summary>
public sealed class VolumesSecurityTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();
    private readonly TempDirectory _canary = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _canary.Dispose();
    }

    [RootTheory]
    [InlineData("canary")]
    [InlineData("/etc")]
    [InlineData("/")]
    public async Task Symlinked_volume_target_never_reaches_the_host(string target)
    {
        string secret = "host-secret-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllTextAsync(_canary.Combine("secret.txt"), secret);
        string linkTarget = target == "canary" ? _canary.Path : target;
        var hostMountsBefore = HostMountPoints();

        await _daemon.CliOkAsync("run", "--name", "vs-evil", "busybox", "sh", "-c", $"rm -rf /data && ln -s {linkTarget} /data");
        await _daemon.CliOkAsync("commit", "vs-evil", "vs-evil-image");

        var run = await _daemon.RunCliAsync(["run", "--rm", "-v", "vs-fresh:/data", "vs-evil-image", "sh", "-c",
            "echo container-write > /data/written-by-container; ls -la /data/"], timeout: TimeSpan.FromSeconds(60));
        // Failing to start is acceptable; escaping is not.
        string mountpoint = await _daemon.CliOkAsync("volume", "inspect", "-f", "{{.Mountpoint}}", "vs-fresh");
        // grep reads regular files only: copy-up may legitimately bring the image's device nodes along.
        var grep = await ProcessRunner.RunAsync(new BinaryCommand("grep", []), ["-rlF", "--devices=skip", secret, mountpoint]);
        var copied = grep.Lines;
        Assert.True(copied.Count == 0, $"host canary copied into the volume: {string.Join(", ", copied)}\n{run}");
        Assert.False(File.Exists(_canary.Combine("written-by-container")), "the container wrote into the host canary directory");
        Assert.False(File.Exists(Path.Combine(linkTarget, "written-by-container")), $"the container wrote into host {linkTarget}");
        Assert.Equal(secret, await File.ReadAllTextAsync(_canary.Combine("secret.txt")));
        // Other tests' daemons mount things meanwhile; only the paths the symlink named matter.
        string watched = linkTarget.TrimEnd('/');
        var newHostMounts = HostMountPoints()
            .Where(m => !hostMountsBefore.Contains(m))
            .Where(m => watched.Length == 0 ? m == "/" : m == watched || m.StartsWith(watched + "/", StringComparison.Ordinal))
            .Where(m => !m.StartsWith(_daemon.Root + "/", StringComparison.Ordinal) && !m.StartsWith("/tmp/berth-it-", StringComparison.Ordinal))
            .ToList();
        Assert.True(newHostMounts.Count == 0, "mounted on the host: " + string.Join(", ", newHostMounts));
    }

    private static HashSet<string> HostMountPoints() =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).ToHashSet(StringComparer.Ordinal);
}
