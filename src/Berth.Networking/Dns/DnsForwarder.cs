using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Berth.Networking.Dns;

/// <summary>
/// Sends queries the networks do not answer to the host's resolvers, from the daemon's own network
/// namespace (so a resolver on the host's loopback or in a range the containers cannot reach still
/// works). Tries each resolver in turn with a short timeout.
/// </summary>
internal sealed class DnsForwarder
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly IReadOnlyList<IPEndPoint> _upstreams;

    public DnsForwarder(IReadOnlyList<IPEndPoint> upstreams) => _upstreams = upstreams;

    /// <summary>The nameservers of a resolv.conf file (port 53).</summary>
    public static IReadOnlyList<IPEndPoint> ReadResolvConf(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return File.ReadLines(path)
            .Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 2 && parts[0] == "nameserver" && IPAddress.TryParse(parts[1], out _))
            .Select(parts => new IPEndPoint(IPAddress.Parse(parts[1]), 53))
            .ToList();
    }

    /// <summary>The upstream's answer, or null when none answered.</summary>
    public async Task<byte[]?> ForwardAsync(ReadOnlyMemory<byte> query, bool overTcp, CancellationToken cancellationToken)
    {
        foreach (var upstream in _upstreams)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                return overTcp ? await ForwardTcpAsync(upstream, query, timeout.Token) : await ForwardUdpAsync(upstream, query, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // Next resolver.
            }
        }

        return null;
    }

    private static async Task<byte[]> ForwardUdpAsync(IPEndPoint upstream, ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(upstream, cancellationToken);
        await socket.SendAsync(query, SocketFlags.None, cancellationToken);
        var buffer = new byte[65535];
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(query.Span);
        while (true)
        {
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (length >= DnsMessage.HeaderLength && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id)
            {
                return buffer[..length];
            }
        }
    }

    private static async Task<byte[]> ForwardTcpAsync(IPEndPoint upstream, ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(upstream.AddressFamily);
        await client.ConnectAsync(upstream, cancellationToken);
        var stream = client.GetStream();
        await DnsTcp.WriteAsync(stream, query, cancellationToken);
        return await DnsTcp.ReadAsync(stream, cancellationToken) ?? throw new IOException("upstream closed the connection");
    }
}
