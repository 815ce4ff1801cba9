using System.Net.Sockets;
using System.Text;
using Berth.Core.Containers;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Containers;

internal static class ContainerTestServer
{
    public static async Task<(ApiTestServer Server, FakeContainerService Containers)> StartAsync()
    {
        var containers = new FakeContainerService();
        var server = await ApiTestServer.StartAsync(new FakeImageService(), s => s.AddSingleton<IContainerService>(containers));
        return (server, containers);
    }

    /// <summary>Sends a raw HTTP request and reads the response head; the socket stays open for the hijacked stream.</summary>
    public static async Task<(Socket Socket, string Head, MemoryStream Remainder)> SendRawAsync(string socketPath, string request)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                throw new IOException("connection closed before the response head");
            }

            received.Write(buffer, 0, n);
            var text = Encoding.ASCII.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var rest = new MemoryStream();
                rest.Write(received.ToArray(), end + 4, (int)received.Length - end - 4);
                return (socket, text[..end], rest);
            }
        }
    }

    /// <summary>Everything until the server closes the connection, after what was already read.</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket, MemoryStream already)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                return already.ToArray();
            }

            already.Write(buffer, 0, n);
        }
    }

    /// <summary>Splits Docker's multiplexed stream into (stream, text) frames.</summary>
    public static List<(int Stream, string Text)> Frames(byte[] data)
    {
        var frames = new List<(int, string)>();
        var offset = 0;
        while (offset < data.Length)
        {
            Assert.True(data.Length - offset >= 8, "truncated frame header");
            Assert.Equal(0, data[offset + 1] | data[offset + 2] | data[offset + 3]);
            var length = (data[offset + 4] << 24) | (data[offset + 5] << 16) | (data[offset + 6] << 8) | data[offset + 7];
            frames.Add((data[offset], Encoding.UTF8.GetString(data, offset + 8, length)));
            offset += 8 + length;
        }

        return frames;
    }
}
