using System.Net;
using System.Net.Sockets;
using System.Text;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Namespaces;
using Berth.Testing;

namespace Berth.Networking.Tests;

public sealed class NetworkServicePortTests
{
    [RootFact]
    public async Task PublishedPortsReachAListenerInTheContainer()
    {
        await using var h = await ServiceHarness.StartAsync();
        string name = "pub-" + h.Suffix;
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = name }, default);
        var c = await h.RunContainerAsync(name, "srv");
        // A socket created on a thread inside the namespace belongs to that namespace.
        using var listener = NetworkNamespaces.Run(c.Netns, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, 80));
            socket.Listen();
            return socket;
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serve = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptAsync(stop.Token);
                await client.SendAsync(Encoding.ASCII.GetBytes("hello from " + c.Endpoint.IPAddress), SocketFlags.None, stop.Token);
                client.Shutdown(SocketShutdown.Both);
            }
        });

        var bound = await h.Service.PublishAsync(c.Id,
        [
            new PortBinding { ContainerPort = 80, HostIp = "127.0.0.1", HostPort = "0" },
            new PortBinding { ContainerPort = 80, HostPort = "" },
        ], default);
        int loopbackPort = int.Parse(bound[0].HostPort);
        int anyPort = int.Parse(bound[1].HostPort);
        Assert.InRange(loopbackPort, 32768, 60999);
        Assert.Equal("0.0.0.0", bound[1].HostIp);

        var hostAddress = HostAddress();
        Assert.Equal("hello from " + c.Endpoint.IPAddress, await ReadFromAsync(IPAddress.Loopback, loopbackPort));
        Assert.Equal("hello from " + c.Endpoint.IPAddress, await ReadFromAsync(IPAddress.Loopback, anyPort));
        Assert.Equal("hello from " + c.Endpoint.IPAddress, await ReadFromAsync(hostAddress, anyPort));
        // 127.0.0.1 bindings are not reachable on other addresses.
        await Assert.ThrowsAnyAsync<SocketException>(() => ReadFromAsync(hostAddress, loopbackPort));

        var conflict = await Assert.ThrowsAsync<EngineException>(() => h.Service.PublishAsync(c.Id, [new PortBinding { ContainerPort = 81, HostPort = bound[1].HostPort }], default));
        Assert.Equal($"Bind for 0.0.0.0:{anyPort} failed: port is already allocated", conflict.Message);
        Assert.Equal(ErrorKind.Conflict, conflict.Kind);

        await h.Service.UnpublishAsync(c.Id, default);
        Assert.DoesNotContain($"--dport {anyPort}", Sh.Ok("iptables-save", "-t", "nat"), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<SocketException>(() => ReadFromAsync(IPAddress.Loopback, anyPort));
        await stop.CancelAsync();
        await serve.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static IPAddress HostAddress()
    {
        string route = Sh.Ok("ip", "-o", "-4", "route", "get", "1.1.1.1");
        var parts = route.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return IPAddress.Parse(parts[Array.IndexOf(parts, "src") + 1]);
    }

    private static async Task<string> ReadFromAsync(IPAddress address, int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var client = new TcpClient();
        await client.ConnectAsync(address, port, timeout.Token);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
