using System.Net.Sockets;
using System.Text;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Runtime.Tests.Filesystem;
using Xunit;

namespace Berth.Runtime.Tests.Networking;

/// <summary>Containers on real bridges: DNS by name, isolation, the default bridge, published ports, hosts files, re-adoption.</summary>
[Collection(NetworkCollection.Name)]
public sealed class ContainerNetworkTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [RootFact]
    public async Task ContainersOnAUserNetwork_ReachEachOtherByName_ButNotAcrossNetworks()
    {
        await using var h = await NetworkedHarness.StartAsync();
        NetworkInfo front = await h.CreateNetworkAsync("front");
        NetworkInfo back = await h.CreateNetworkAsync("back");
        string server = await h.Runtime.RunAsync(RuntimeHarness.Spec("sleep", "60") with
        {
            NetworkMode = front.Name,
            Networks = new Dictionary<string, EndpointRequest> { [front.Name] = new() { Aliases = ["api"] } },
        }, "srv");
        ContainerInfo info = await h.Service.GetAsync(server, None);
        string address = Assert.Single(info.Networks).Endpoint!.IPAddress;
        Assert.StartsWith(front.Ipam.Config[0].Subnet![..^4], address, StringComparison.Ordinal);
        Assert.True(File.Exists(info.SandboxKey));

        var (code, output) = await h.RunToEndAsync(RuntimeHarness.Spec("sh", "-c", "ping -c1 -W3 srv && ping -c1 -W3 api && nslookup srv") with { NetworkMode = front.Name });
        Assert.True(code == 0, output);
        Assert.Contains(address, output, StringComparison.Ordinal);

        (code, output) = await h.RunToEndAsync(RuntimeHarness.Spec("sh", "-c", $"ping -c1 -W2 {address}; echo ping=$?; nslookup srv; echo dns=$?") with { NetworkMode = back.Name });
        Assert.Contains("ping=1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("dns=0", output, StringComparison.Ordinal);

        // network connect on the running server puts it on "back" too: now the back container reaches it.
        await h.Service.ConnectNetworkAsync(server, back.Name, new EndpointRequest(), None);
        info = await h.Service.GetAsync(server, None);
        Assert.Equal(2, info.Networks.Count);
        (code, output) = await h.RunToEndAsync(RuntimeHarness.Spec("sh", "-c", "ping -c1 -W3 srv") with { NetworkMode = back.Name });
        Assert.True(code == 0, output);
        await h.Service.DisconnectNetworkAsync(server, back.Name, force: false, None);
        Assert.Single((await h.Service.GetAsync(server, None)).Networks);
        var again = await Assert.ThrowsAsync<EngineException>(() => h.Service.DisconnectNetworkAsync(server, back.Name, false, None));
        Assert.Equal(ErrorKind.NotFound, again.Kind);

        await h.Service.StopAsync(server, 0, null, None);
        info = await h.Service.GetAsync(server, None);
        Assert.Null(Assert.Single(info.Networks).Endpoint);
        Assert.Equal("", info.SandboxKey);
        Assert.Empty(await h.Networks.GetEndpointsAsync(server, None));
    }

    [RootFact]
    public async Task DefaultBridge_ReachesTheGateway_AndWritesHostsAndResolvConf()
    {
        await using var h = await NetworkedHarness.StartAsync();
        NetworkInfo bridge = await h.Networks.GetAsync("bridge", None);
        string gateway = bridge.Ipam.Config[0].Gateway!;
        var spec = RuntimeHarness.Spec("sh", "-c", "ping -c1 -W3 " + gateway + " && cat /etc/hosts /etc/resolv.conf && sleep 30") with
        {
            Hostname = "box",
            ExtraHosts = ["db:10.9.8.7", "gw:host-gateway"],
            Dns = ["9.9.9.9"],
        };
        string id = await h.Runtime.RunAsync(spec);
        string log = await WaitForLogAsync(h, id, "nameserver");
        ContainerInfo info = await h.Service.GetAsync(id, None);
        EndpointConfig endpoint = Assert.Single(info.Networks).Endpoint!;
        Assert.Equal("bridge", info.Networks[0].NetworkName);
        Assert.Equal(gateway, endpoint.Gateway);
        Assert.Contains($"{endpoint.IPAddress}\tbox", log, StringComparison.Ordinal);
        Assert.Contains("10.9.8.7\tdb", log, StringComparison.Ordinal);
        Assert.Contains($"{gateway}\tgw", log, StringComparison.Ordinal);
        Assert.Contains("nameserver 9.9.9.9", log, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1\tlocalhost", log, StringComparison.Ordinal);
        await h.Service.RemoveAsync(id, force: true, removeVolumes: false, None);

        // none: only lo.
        var (code, output) = await h.RunToEndAsync(RuntimeHarness.Spec("sh", "-c", "ls /sys/class/net") with { NetworkMode = "none" });
        Assert.Equal(0, code);
        Assert.Equal("lo", output.Trim());
    }

    [RootFact]
    public async Task PublishedPorts_ReachTheContainer_FromTheHost()
    {
        await using var h = await NetworkedHarness.StartAsync();
        var spec = RuntimeHarness.Spec("sh", "-c", "mkdir -p /www && echo hello-from-httpd > /www/index.html && exec httpd -f -p 80 -h /www") with
        {
            ExposedPorts = ["80/tcp", "81/tcp"],
            PortBindings = [new PortBinding { ContainerPort = 80, HostIp = "127.0.0.1" }],
            PublishAllPorts = true,
        };
        string id = await h.Runtime.RunAsync(spec);
        ContainerInfo info = await h.Service.GetAsync(id, None);
        // 81 without a host address is published on both families (one random port), as Docker does,
        // unless the host has IPv6 disabled.
        bool hostIpv6 = File.ReadAllText("/proc/sys/net/ipv6/conf/all/disable_ipv6").Trim() == "0";
        Assert.Equal(hostIpv6 ? 3 : 2, info.PublishedPorts.Count);
        PortBinding loopback = info.PublishedPorts.Single(p => p.ContainerPort == 80);
        Assert.Equal("127.0.0.1", loopback.HostIp);
        var all81 = info.PublishedPorts.Where(p => p.ContainerPort == 81).ToList();
        Assert.Equal(hostIpv6 ? ["0.0.0.0", "::"] : ["0.0.0.0"], all81.Select(p => p.HostIp));
        Assert.InRange(int.Parse(Assert.Single(all81.Select(p => p.HostPort).Distinct())), 32768, 60999);
        int port = int.Parse(loopback.HostPort);
        Assert.Contains("hello-from-httpd", await HttpGetAsync(port), StringComparison.Ordinal);

        await h.Service.StopAsync(id, 1, null, None);
        Assert.Empty((await h.Service.GetAsync(id, None)).PublishedPorts);
        Assert.DoesNotContain($"--dport {port}", NetworkedHarness.Sh("iptables-save", "-t", "nat"), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => HttpGetAsync(port));
    }

    [RootFact]
    public async Task DaemonRestart_KeepsTheNetworkOfARunningContainer()
    {
        await using var h = await NetworkedHarness.StartAsync();
        NetworkInfo net = await h.CreateNetworkAsync("keep");
        string id = await h.Runtime.RunAsync(RuntimeHarness.Spec("sh", "-c", "mkdir -p /www && echo still-here > /www/index.html && exec httpd -f -p 80 -h /www") with
        {
            NetworkMode = net.Name,
            PortBindings = [new PortBinding { ContainerPort = 80, HostIp = "127.0.0.1" }],
        });
        ContainerInfo before = await h.Service.GetAsync(id, None);
        int port = int.Parse(Assert.Single(before.PublishedPorts).HostPort);
        Assert.Contains("still-here", await HttpGetAsync(port), StringComparison.Ordinal);

        await h.RestartAsync();

        ContainerInfo after = await h.Service.GetAsync(id, None);
        Assert.Equal(ContainerStatus.Running, after.State.Status);
        Assert.Equal(before.Networks[0].Endpoint!.IPAddress, after.Networks[0].Endpoint!.IPAddress);
        Assert.Equal(before.SandboxKey, after.SandboxKey);
        Assert.Contains("still-here", await HttpGetAsync(port), StringComparison.Ordinal);
        var (code, output) = await h.RunToEndAsync(RuntimeHarness.Spec("sh", "-c", "wget -q -O - http://" + after.Name.TrimStart('/')) with { NetworkMode = net.Name });
        Assert.True(code == 0, output);
        Assert.Contains("still-here", output, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task NetworkErrors_UseDockersWording()
    {
        await using var h = await NetworkedHarness.StartAsync();
        var missing = await Assert.ThrowsAsync<EngineException>(() => h.Service.CreateAsync(null, RuntimeHarness.Spec("true") with { NetworkMode = "nope-" + h.Tag }, None));
        Assert.Equal($"network nope-{h.Tag} not found", missing.Message);
        var aliases = await Assert.ThrowsAsync<EngineException>(() => h.Service.CreateAsync(null, RuntimeHarness.Spec("true") with
        {
            Networks = new Dictionary<string, EndpointRequest> { ["bridge"] = new() { Aliases = ["x"] } },
        }, None));
        Assert.Equal("network-scoped aliases are only supported for user-defined networks", aliases.Message);
        var addHost = await Assert.ThrowsAsync<EngineException>(() => h.Service.CreateAsync(null, RuntimeHarness.Spec("true") with { ExtraHosts = ["x:notanip"] }, None));
        Assert.Equal("invalid IP address in add-host: \"notanip\"", addHost.Message);
        Assert.Empty(await h.Service.ListAsync(new ContainerListOptions { All = true }, None));
    }

    private static async Task<string> WaitForLogAsync(NetworkedHarness h, string id, string text)
    {
        for (int i = 0; i < 100; i++)
        {
            string log = await h.Runtime.LogTextAsync(id);
            if (log.Contains(text, StringComparison.Ordinal))
            {
                return log;
            }
            await Task.Delay(100);
        }
        return await h.Runtime.LogTextAsync(id);
    }

    private static async Task<string> HttpGetAsync(int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, timeout.Token);
                NetworkStream stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"), timeout.Token);
                using var reader = new StreamReader(stream, Encoding.ASCII);
                return await reader.ReadToEndAsync(timeout.Token);
            }
            catch (SocketException) when (attempt < 20)
            {
                // httpd may not listen yet.
                await Task.Delay(100, timeout.Token);
            }
        }
    }
}
