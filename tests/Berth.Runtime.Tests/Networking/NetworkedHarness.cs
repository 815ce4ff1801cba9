using System.Diagnostics;
using System.Text;
using Berth.Core.Containers;
using Berth.Core.Networks;
using Berth.Core.Volumes;
using Berth.Networking;
using Berth.Storage.Metadata;
using Berth.Volumes;
using Xunit;

namespace Berth.Runtime.Tests.Networking;

/// <summary>
/// A <see cref="RuntimeHarness"/> with the real network service (own database, default bridge
/// "brt&lt;tag&gt;" on a random 10.124.x.0/24, iptables chains "BRT-&lt;TAG&gt;...") and the real volume service and mount planner. Disposal
/// removes containers, networks, volumes, rules and the bridge, then checks that no link, netns
/// file, mount or iptables line of this harness is left.
/// </summary>
internal sealed class NetworkedHarness : IAsyncDisposable
{
    private NetworkedHarness(RuntimeHarness runtime, string tag)
    {
        Runtime = runtime;
        Tag = tag;
        Directory.CreateDirectory(runtime.Options.DataRoot);
        Database = new MetadataDatabase(Path.Combine(runtime.Options.DataRoot, "berth.db"));
        NetworkOptions = new NetworkServiceOptions
        {
            ExecRoot = runtime.Options.ExecRoot,
            DefaultBridgeName = "brt" + tag,
            ChainPrefix = "BRT-" + tag.ToUpperInvariant(),
            DefaultBridgeAddress = $"10.124.{NextSubnetOctet()}.1/24",
        };
        Networks = new NetworkService(Database, NetworkOptions);
        Volumes = new VolumeService(runtime.Options.DataRoot, Usage);
    }

    public RuntimeHarness Runtime { get; }
    public string Tag { get; }
    public MetadataDatabase Database { get; }
    public NetworkServiceOptions NetworkOptions { get; }
    public NetworkService Networks { get; private set; }
    public VolumeService Volumes { get; }
    public LateVolumeUsage Usage { get; } = new();
    public ContainerService Service => Runtime.Service;

    public static async Task<NetworkedHarness> StartAsync()
    {
        var h = new NetworkedHarness(new RuntimeHarness(), Guid.NewGuid().ToString("N")[..6]);
        await h.Networks.InitializeAsync(CancellationToken.None);
        await h.StartContainersAsync();
        return h;
    }

    private async Task StartContainersAsync()
    {
        Usage.Target = await Runtime.StartServiceAsync(Networks, new MountPlanner(Volumes), Volumes);
    }

    /// <summary>A daemon restart: new network and container services on the same roots; containers keep running.</summary>
    public async Task RestartAsync()
    {
        await Runtime.Service.DisposeAsync();
        await Networks.DisposeAsync();
        Networks = new NetworkService(Database, NetworkOptions);
        await Networks.InitializeAsync(CancellationToken.None);
        await StartContainersAsync();
    }

    /// <summary>A user-defined network on its own 10.123.x.0/24 (unique names and subnets: other harnesses
    /// run beside this one, and two bridges with one subnet would break each other's routes).</summary>
    public async Task<NetworkInfo> CreateNetworkAsync(string name) =>
        await Networks.CreateAsync(new NetworkCreateSpec
        {
            Name = name + "-" + Tag,
            Ipam = new IpamSpec { Config = [new IpamPoolConfig { Subnet = $"10.123.{NextSubnetOctet()}.0/24" }] },
        }, CancellationToken.None);

    private static int _subnetCounter = Random.Shared.Next(0, 249);

    private static int NextSubnetOctet() => (Interlocked.Increment(ref _subnetCounter) % 249) + 1;

    public async Task<int> WaitAsync(string id) =>
        await Service.WaitAsync(id, WaitCondition.NotRunning, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Runs a container to its end and returns its exit code and output.</summary>
    public async Task<(int Code, string Output)> RunToEndAsync(ContainerSpec spec, string? name = null)
    {
        string id = await Runtime.RunAsync(spec, name);
        int code = await WaitAsync(id);
        return (code, await Runtime.LogTextAsync(id));
    }

    public static string Sh(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        var none = CancellationToken.None;
        var subnets = new List<string>();
        var bridges = new List<string> { NetworkOptions.DefaultBridgeName };
        try
        {
            foreach (ContainerInfo c in await Service.ListAsync(new ContainerListOptions { All = true }, none))
            {
                await Service.RemoveAsync(c.Id, force: true, removeVolumes: true, none);
            }
            foreach (NetworkInfo n in await Networks.ListAsync(new Dictionary<string, IReadOnlyList<string>>(), none))
            {
                subnets.AddRange(n.Ipam.Config.Select(c => c.Subnet ?? "").Where(s => s.Length > 0));
                if (n.Options.TryGetValue("com.docker.network.bridge.name", out string? bridge))
                {
                    bridges.Add(bridge);
                }
                if (!n.Predefined)
                {
                    await Networks.RemoveAsync(n.Id, none);
                }
            }
            foreach (VolumeInfo v in await Volumes.ListAsync(new Dictionary<string, IReadOnlyList<string>>(), none))
            {
                await Volumes.RemoveAsync(v.Name, force: true, none);
            }
            Assert.Empty(Directory.Exists(Path.Combine(Runtime.Options.ExecRoot, "netns")) ? Directory.GetFiles(Path.Combine(Runtime.Options.ExecRoot, "netns")) : []);
        }
        finally
        {
            await Networks.RemoveAllRulesAsync(none);
            await Networks.DisposeAsync();
            foreach (string bridge in bridges.Distinct())
            {
                Sh("ip", "link", "delete", bridge);
            }
            await Runtime.DisposeAsync();
            Database.Dispose();
        }
        string links = Sh("ip", "-o", "link", "show");
        foreach (string bridge in bridges)
        {
            Assert.DoesNotContain(bridge, links, StringComparison.Ordinal);
        }
        string rules = Sh("iptables-save");
        foreach (string s in subnets.Concat(bridges).Append(NetworkOptions.ChainPrefix))
        {
            Assert.DoesNotContain(s, rules, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(Runtime.Root));
    }

    public static string Text(IEnumerable<OutputFrame> frames) => string.Concat(frames.Select(f => Encoding.ASCII.GetString(f.Data.Span)));
}
