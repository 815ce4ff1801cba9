using Berth.Core.Containers;
using Berth.Core.Networks;
using Berth.Core.Volumes;
using Berth.Linux;
using Berth.Runtime.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Berth.Runtime.Tests;

/// <summary>One test's private data root, exec root, busybox layer and cgroup parent, with the
/// service on top. Disposal removes every container and checks nothing is left behind.</summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..10];

    /// <param name="exitPollInterval">The exit rescan period; a long one leaves exits to inotify alone.</param>
    public RuntimeHarness(TimeSpan? exitPollInterval = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "berth-rt-" + _tag);
        Image = new BusyboxImage(Path.Combine(Root, "layer"));
        Options = new ContainerRuntimeOptions
        {
            DataRoot = Path.Combine(Root, "data"),
            ExecRoot = Path.Combine(Root, "run"),
            CgroupParent = "berth-test-" + _tag,
            ExitPollInterval = exitPollInterval ?? TimeSpan.FromMilliseconds(500),
        };
    }

    public string Root { get; }
    public BusyboxImage Image { get; }
    public ContainerRuntimeOptions Options { get; }
    public RecordingEventSink Events { get; } = new();
    public ContainerService Service { get; private set; } = null!;

    public async Task<ContainerService> StartServiceAsync(INetworkService? networks = null, IMountPlanner? mounts = null, IVolumeService? volumes = null)
    {
        Service = new ContainerService(Options, Image, new SingleLayerSnapshotter(Image.LayerDir), Events, NullLogger<ContainerService>.Instance, TimeProvider.System,
            networks, mounts, volumes);
        await Service.InitializeAsync(CancellationToken.None);
        return Service;
    }

    public static ContainerSpec Spec(params string[] cmd) => new() { Image = "busybox", Cmd = cmd };

    public async Task<string> RunAsync(ContainerSpec spec, string? name = null)
    {
        var created = await Service.CreateAsync(name, spec, CancellationToken.None);
        await Service.StartAsync(created.Id, CancellationToken.None);
        return created.Id;
    }

    public async Task<string> LogTextAsync(string id, LogsOptions? options = null)
    {
        var sb = new System.Text.StringBuilder();
        await foreach (LogEntry e in Service.LogsAsync(id, options ?? new LogsOptions(), CancellationToken.None))
        {
            sb.Append(System.Text.Encoding.UTF8.GetString(e.Data.Span));
        }
        return sb.ToString();
    }

    public string CgroupParentDir(string controller) => Path.Combine("/sys/fs/cgroup", controller, Options.CgroupParent);

    /// <summary>Removes all containers, then asserts: no mounts under the root, no conmon for it, no container cgroups.</summary>
    public async Task AssertCleanAfterRemovingAllAsync()
    {
        foreach (ContainerInfo c in await Service.ListAsync(new ContainerListOptions { All = true }, CancellationToken.None))
        {
            await Service.RemoveAsync(c.Id, force: true, removeVolumes: true, CancellationToken.None);
        }
        Assert.Empty(Mounts.MountPointsUnder(Root));
        Assert.Empty(ConmonPids());
        // Every v1 controller hierarchy (and the unified one), not just the ones we read.
        foreach (string hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
        {
            string dir = Path.Combine(hierarchy, Options.CgroupParent);
            Assert.True(!Directory.Exists(dir) || Directory.GetDirectories(dir).Length == 0, $"cgroups left in {dir}");
        }
        Assert.Empty(Directory.GetDirectories(Path.Combine(Options.DataRoot, "containers")));
        Assert.Empty(Directory.GetFiles(Path.Combine(Options.ExecRoot, "exits")));
    }

    /// <summary>Live conmon processes started for this harness (found by their command line).</summary>
    public List<int> ConmonPids()
    {
        var pids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }
            try
            {
                string cmd = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmd.StartsWith("conmon", StringComparison.Ordinal) || cmd.Contains("/conmon\0", StringComparison.Ordinal))
                {
                    if (cmd.Contains(Root, StringComparison.Ordinal))
                    {
                        pids.Add(pid);
                    }
                }
            }
            catch (IOException)
            {
            }
        }
        return pids;
    }

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
        {
            try
            {
                foreach (ContainerInfo c in await Service.ListAsync(new ContainerListOptions { All = true }, CancellationToken.None))
                {
                    await Service.RemoveAsync(c.Id, force: true, removeVolumes: true, CancellationToken.None);
                }
            }
            catch (Exception)
            {
                // best effort; the checks below still clean up
            }
            await Service.DisposeAsync();
        }
        foreach (int pid in ConmonPids())
        {
            ProcessSignals.Send(pid, ProcessSignals.SIGKILL);
        }
        foreach (string mount in Mounts.MountPointsUnder(Root).OrderByDescending(m => m.Length))
        {
            Mounts.Unmount(mount, Mounts.MNT_DETACH);
        }
        foreach (string controller in Directory.GetDirectories("/sys/fs/cgroup"))
        {
            string dir = Path.Combine(controller, Options.CgroupParent);
            if (Directory.Exists(dir))
            {
                foreach (string child in Directory.GetDirectories(dir))
                {
                    try { Directory.Delete(child); } catch (IOException) { }
                }
                try { Directory.Delete(dir); } catch (IOException) { }
            }
        }
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
