using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Berth.Networking.Dns;

namespace Berth.Networking.Tests.Dns;

/// <summary>Sends one query and decodes rcode, A addresses and PTR names of the answer.</summary>
internal static class TinyDnsClient
{
    public sealed record Answer(int Rcode, IReadOnlyList<string> Addresses, IReadOnlyList<string> Pointers);

    public static async Task<Answer> QueryAsync(IPEndPoint server, string name, ushort type = DnsQuestion.TypeA, bool tcp = false)
    {
        var query = new byte[512];
        int length = DnsMessage.WriteQuery(query, 0x4242, name, type);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        byte[] response;
        if (tcp)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(server, timeout.Token);
            await DnsTcp.WriteAsync(client.GetStream(), query.AsMemory(0, length), timeout.Token);
            response = await DnsTcp.ReadAsync(client.GetStream(), timeout.Token) ?? throw new IOException("no answer");
        }
        else
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            await udp.ConnectAsync(server, timeout.Token);
            await udp.SendAsync(query.AsMemory(0, length), SocketFlags.None, timeout.Token);
            var buffer = new byte[4096];
            int received = await udp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            response = buffer[..received];
        }

        return Decode(response);
    }

    public static Answer Decode(byte[] response)
    {
        Assert.Equal(0x4242, BinaryPrimitives.ReadUInt16BigEndian(response));
        int rcode = response[3] & 0xF;
        int answers = BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(6));
        int offset = DnsMessage.HeaderLength;
        Assert.True(DnsMessage.TryReadName(response, ref offset, out _));
        offset += 4;
        var addresses = new List<string>();
        var pointers = new List<string>();
        for (int i = 0; i < answers; i++)
        {
            Assert.True(DnsMessage.TryReadName(response, ref offset, out _));
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(offset));
            int dataLength = BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(offset + 8));
            int data = offset + 10;
            if (type is DnsQuestion.TypeA or DnsQuestion.TypeAaaa)
            {
                Assert.Equal(type == DnsQuestion.TypeA ? 4 : 16, dataLength);
                addresses.Add(new IPAddress(response.AsSpan(data, dataLength)).ToString());
            }
            else if (type == DnsQuestion.TypePtr)
            {
                int nameOffset = data;
                Assert.True(DnsMessage.TryReadName(response, ref nameOffset, out string pointer));
                pointers.Add(pointer);
            }

            offset = data + dataLength;
        }

        return new Answer(rcode, addresses, pointers);
    }
}
