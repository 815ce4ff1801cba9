using System.Buffers.Binary;
using Berth.Linux.Native;
using Berth.Networking.Native;

namespace Berth.Networking.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket in the network namespace of the thread that opened it (the kernel binds a
/// socket to its creator's namespace, so a socket opened inside a container's netns configures that
/// netns whichever thread uses it later). Requests are synchronous: send, then read until the ACK
/// or the end of the dump. Not thread-safe.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;
    private readonly int _fd;
    private readonly byte[] _receive = new byte[ReceiveBufferSize];
    private uint _sequence;

    public NetlinkSocket()
    {
        _fd = LibC.Check(LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE), "socket", "AF_NETLINK");
        try
        {
            Span<byte> address = stackalloc byte[12];
            address.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(address, LibC.AF_NETLINK);
            fixed (byte* pointer = address)
            {
                LibC.Check(LibC.bind(_fd, pointer, address.Length), "bind", "AF_NETLINK");
            }
        }
        catch
        {
            LibC.close(_fd);
            throw;
        }
    }

    /// <summary>Sends a request (built with NLM_F_ACK) and throws <see cref="SyscallException"/> on a negative errno.</summary>
    public void Execute(NetlinkRequest request, string what) => Exchange(request, what, null);

    /// <summary>Sends a dump request and returns each reply message's payload (after nlmsghdr).</summary>
    public List<byte[]> Dump(NetlinkRequest request, string what)
    {
        var replies = new List<byte[]>();
        Exchange(request, what, replies);
        return replies;
    }

    /// <summary>A non-dump GET: the single reply's payload, or null when the kernel answers with
    /// <paramref name="missingErrno"/> (e.g. ENODEV for an unknown link).</summary>
    public byte[]? Get(NetlinkRequest request, string what, int missingErrno)
    {
        var replies = new List<byte[]>();
        try
        {
            Exchange(request, what, replies);
        }
        catch (SyscallException e) when (e.Errno == missingErrno)
        {
            return null;
        }

        return replies.Count > 0 ? replies[0] : null;
    }

    public void Dispose() => LibC.close(_fd);

    private void Exchange(NetlinkRequest request, string what, List<byte[]>? replies)
    {
        uint sequence = ++_sequence;
        var message = request.Finish(sequence);
        fixed (byte* pointer = message)
        {
            LibC.Check(LibC.send(_fd, pointer, message.Length, 0), "send", "netlink " + what);
        }

        while (true)
        {
            int length;
            fixed (byte* pointer = _receive)
            {
                length = (int)LibC.Check(LibC.recv(_fd, pointer, _receive.Length, 0), "recv", "netlink " + what);
            }

            var data = _receive.AsSpan(0, length);
            while (data.Length >= 16)
            {
                int messageLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
                uint replySequence = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
                if (messageLength < 16 || messageLength > data.Length)
                {
                    throw new IOException($"netlink {what}: malformed reply");
                }

                var payload = data[16..messageLength];
                int advance = NetlinkRequest.Align(messageLength);
                data = advance >= data.Length ? [] : data[advance..];
                if (replySequence != sequence)
                {
                    continue;
                }

                if (type == Rtnl.NLMSG_ERROR)
                {
                    int error = BinaryPrimitives.ReadInt32LittleEndian(payload);
                    if (error < 0)
                    {
                        throw new SyscallException("netlink", what, -error);
                    }

                    return; // the ACK
                }

                if (type == Rtnl.NLMSG_DONE)
                {
                    return;
                }

                // A GET with NLM_F_ACK answers with its reply and then the ACK; a dump ends with NLMSG_DONE.
                replies?.Add(payload.ToArray());
            }
        }
    }
}
