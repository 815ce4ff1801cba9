using System.Net;
using System.Net.Sockets;
using System.Text;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Networking.Namespaces;
using Berth.Testing;

namespace Berth.Networking.Tests;

/// <summary>The in-daemon userland proxy: ports kernel DNAT cannot serve (IPv6 loopback, IPv6 host address to an IPv4-only container).</summary>
public sealed class NetworkServiceProxyTests
{
    [RootFact]
    public async Task Ipv6LoopbackReachesAnIpv4ContainerOverTcpAndUdpUntilUnpublished()
    {
        await using var h = await ServiceHarness.StartAsync();
        string name = "px-" + h.Suffix;
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = name }, default);
        var c = await h.RunContainerAsync(name, "srv");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (tcp, udp) = NetworkNamespaces.Run(c.Netns, () =>
        {
            var t = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            t.Bind(new IPEndPoint(IPAddress.Any, 80));
            t.Listen();
            var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            u.Bind(new IPEndPoint(IPAddress.Any, 53));
            return (t, u);
        });
        using var tcpListener = tcp;
        using var udpListener = udp;
        var serving = Task.WhenAll(EchoTcpAsync(tcpListener, stop.Token), EchoUdpAsync(udpListener, stop.Token));

        var bound = await h.Service.PublishAsync(c.Id,
        [
            new PortBinding { ContainerPort = 80, HostIp = "::1", HostPort = "" },
            new PortBinding { ContainerPort = 53, Protocol = "udp", HostIp = "[::1]", HostPort = "" },
        ], default);
        Assert.All(bound, b => Assert.Equal("::1", b.HostIp));
        int tcpPort = int.Parse(bound[0].HostPort), udpPort = int.Parse(bound[1].HostPort);
        // No kernel rule: the proxy serves these.
        Assert.DoesNotContain($"--dport {tcpPort}", Sh.Ok("iptables-save", "-t", "nat") + Sh.Ok("ip6tables-save", "-t", "nat"), StringComparison.Ordinal);

        string payload = new('x', 300_000); // several buffers' worth, and a half-close at the end
        Assert.Equal(payload.ToUpperInvariant(), await TcpRoundTripAsync(IPAddress.IPv6Loopback, tcpPort, payload));
        Assert.Equal("PING", await UdpRoundTripAsync(IPAddress.IPv6Loopback, udpPort, "ping"));

        var taken = await Assert.ThrowsAsync<EngineException>(() => h.Service.PublishAsync(c.Id, [new PortBinding { ContainerPort = 81, HostIp = "::1", HostPort = bound[0].HostPort }], default));
        Assert.Equal((ErrorKind.Conflict, $"Bind for [::1]:{tcpPort} failed: port is already allocated"), (taken.Kind, taken.Message));

        // A daemon restart brings the proxy back for the still-running container.
        await h.RestartAsync();
        Assert.Equal("AGAIN", await TcpRoundTripAsync(IPAddress.IPv6Loopback, tcpPort, "again"));

        await h.Service.UnpublishAsync(c.Id, default);
        await Assert.ThrowsAnyAsync<SocketException>(() => TcpRoundTripAsync(IPAddress.IPv6Loopback, tcpPort, "closed"));
        using (var rebind = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp))
        {
            rebind.Bind(new IPEndPoint(IPAddress.IPv6Loopback, udpPort)); // the UDP port is free again
        }

        await stop.CancelAsync();
        await serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    [RootFact]
    public async Task APortHeldByAnotherProgramFailsAndLeavesNothing()
    {
        await using var h = await ServiceHarness.StartAsync();
        string name = "pxb-" + h.Suffix;
        await h.Service.CreateAsync(new NetworkCreateSpec { Name = name }, default);
        var c = await h.RunContainerAsync(name, "srv");
        using var holder = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        holder.Listen();
        int port = ((IPEndPoint)holder.LocalEndPoint!).Port;

        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.PublishAsync(c.Id,
            [new PortBinding { ContainerPort = 80, HostPort = "0", HostIp = "127.0.0.1" }, new PortBinding { ContainerPort = 80, HostIp = "::1", HostPort = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }], default));
        Assert.Equal($"Error starting userland proxy: listen tcp6 [::1]:{port}: bind: address already in use", e.Message);
        // All or nothing: the 127.0.0.1 binding of the same call was not kept either (in this daemon's
        // own nat chain: test daemons running beside it publish on 127.0.0.1 too).
        Assert.DoesNotContain(Sh.Ok("iptables-save", "-t", "nat").Split('\n'),
            l => l.StartsWith($"-A {h.Options.ChainPrefix} ", StringComparison.Ordinal) && l.Contains("-d 127.0.0.1/32 -p tcp -m tcp --dport", StringComparison.Ordinal));
        var ok = await h.Service.PublishAsync(c.Id, [new PortBinding { ContainerPort = 80, HostIp = "::1", HostPort = "" }], default);
        Assert.Single(ok);
    }

    private static async Task EchoTcpAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await listener.AcceptAsync(cancellationToken);
            using var stream = new NetworkStream(client);
            var text = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync(cancellationToken);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToUpperInvariant()), cancellationToken);
            client.Shutdown(SocketShutdown.Send);
        }
    }

    private static async Task EchoUdpAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
            var reply = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(buffer, 0, received.ReceivedBytes).ToUpperInvariant());
            await socket.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, cancellationToken);
        }
    }

    private static async Task<string> TcpRoundTripAsync(IPAddress address, int port, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
        using var stream = new NetworkStream(client);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), timeout.Token);
        client.Shutdown(SocketShutdown.Send);
        var answer = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync(timeout.Token);
        if (answer.Length == 0)
        {
            throw new SocketException((int)SocketError.ConnectionReset); // accepted, then closed: the container was not reached
        }

        return answer;
    }

    private static async Task<string> UdpRoundTripAsync(IPAddress address, int port, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await client.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
        await client.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, timeout.Token);
        var buffer = new byte[2048];
        int length = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
