using System.Buffers.Binary;
using System.Net;
using System.Text;
using Berth.Networking.Native;

namespace Berth.Networking.Netlink;

/// <summary>
/// The rtnetlink operations Berth needs (links, addresses, routes), in the network namespace the
/// underlying socket was opened in. Failures are <see cref="Linux.Native.SyscallException"/> with the
/// kernel's errno.
/// </summary>
internal sealed class RouteNetlink : IDisposable
{
    private const int ENODEV = 19;
    private const ushort Create = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL;
    private const ushort Change = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK;
    private readonly NetlinkSocket _socket = new();

    /// <summary>The link's index, or null when there is no such link.</summary>
    public int? GetLinkIndex(string name)
    {
        var request = new NetlinkRequest(Rtnl.RTM_GETLINK, Change).IfInfo(Rtnl.AF_UNSPEC, 0, 0, 0).String(Rtnl.IFLA_IFNAME, name);
        var reply = _socket.Get(request, "get link " + name, ENODEV);
        return reply is null ? null : BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(4));
    }

    public IReadOnlyList<LinkEntry> ListLinks()
    {
        var request = new NetlinkRequest(Rtnl.RTM_GETLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP).IfInfo(Rtnl.AF_UNSPEC, 0, 0, 0);
        var links = new List<LinkEntry>();
        foreach (var reply in _socket.Dump(request, "dump links"))
        {
            int index = BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(4));
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(8));
            var attributes = NetlinkAttributes.Parse(reply.AsSpan(16));
            string name = attributes.TryGetValue(Rtnl.IFLA_IFNAME, out var raw) ? Encoding.UTF8.GetString(raw).TrimEnd('\0') : "";
            int master = attributes.TryGetValue(Rtnl.IFLA_MASTER, out var m) ? BinaryPrimitives.ReadInt32LittleEndian(m) : 0;
            links.Add(new LinkEntry(index, name, (flags & Rtnl.IFF_UP) != 0, master));
        }

        return links;
    }

    public void CreateBridge(string name, int? mtu)
    {
        var request = new NetlinkRequest(Rtnl.RTM_NEWLINK, Create).IfInfo(Rtnl.AF_UNSPEC, 0, 0, 0).String(Rtnl.IFLA_IFNAME, name);
        if (mtu is { } value)
        {
            request.UInt32(Rtnl.IFLA_MTU, (uint)value);
        }

        request.BeginNested(Rtnl.IFLA_LINKINFO).String(Rtnl.IFLA_INFO_KIND, "bridge").EndNested();
        _socket.Execute(request, "create bridge " + name);
    }

    /// <summary>
    /// Creates a veth pair: <paramref name="hostName"/> stays here, enslaved to <paramref name="masterIndex"/>;
    /// the peer is created directly in the namespace <paramref name="peerNetnsFd"/> under its final name
    /// (eth0...) with its MAC, so it never appears in the host namespace.
    /// </summary>
    public void CreateVeth(string hostName, int masterIndex, int mtu, string peerName, byte[] peerMac, int peerNetnsFd)
    {
        var request = new NetlinkRequest(Rtnl.RTM_NEWLINK, Create)
            .IfInfo(Rtnl.AF_UNSPEC, 0, 0, 0)
            .String(Rtnl.IFLA_IFNAME, hostName)
            .UInt32(Rtnl.IFLA_MTU, (uint)mtu)
            .UInt32(Rtnl.IFLA_MASTER, (uint)masterIndex)
            .BeginNested(Rtnl.IFLA_LINKINFO)
            .String(Rtnl.IFLA_INFO_KIND, "veth")
            .BeginNested(Rtnl.IFLA_INFO_DATA)
            .BeginNested(Rtnl.VETH_INFO_PEER)
            .IfInfo(Rtnl.AF_UNSPEC, 0, 0, 0)
            .String(Rtnl.IFLA_IFNAME, peerName)
            .UInt32(Rtnl.IFLA_MTU, (uint)mtu)
            .Attribute(Rtnl.IFLA_ADDRESS, peerMac)
            .UInt32(Rtnl.IFLA_NET_NS_FD, (uint)peerNetnsFd)
            .EndNested()
            .EndNested()
            .EndNested();
        _socket.Execute(request, $"create veth {hostName}/{peerName}");
    }

    public void SetUp(int index)
    {
        var request = new NetlinkRequest(Rtnl.RTM_NEWLINK, Change).IfInfo(Rtnl.AF_UNSPEC, index, Rtnl.IFF_UP, Rtnl.IFF_UP);
        _socket.Execute(request, $"set link {index} up");
    }

    public void DeleteLink(int index)
    {
        var request = new NetlinkRequest(Rtnl.RTM_DELLINK, Change).IfInfo(Rtnl.AF_UNSPEC, index, 0, 0);
        _socket.Execute(request, $"delete link {index}");
    }

    /// <summary>Adds an IPv4 address with its broadcast address; an existing identical address is not an error.</summary>
    public void AddAddress(int index, Ipv4Subnet address)
    {
        var request = new NetlinkRequest(Rtnl.RTM_NEWADDR, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE)
            .IfAddr(Rtnl.AF_INET, (byte)address.PrefixLength, Rtnl.RT_SCOPE_UNIVERSE, index)
            .Address(Rtnl.IFA_LOCAL, address.Address)
            .Address(Rtnl.IFA_ADDRESS, address.Address)
            .Address(Rtnl.IFA_BROADCAST, address.Broadcast);
        _socket.Execute(request, $"add address {address} to link {index}");
    }

    /// <summary>Adds an IPv6 address without duplicate address detection; an existing identical address is not an error.</summary>
    public void AddAddress(int index, Ipv6Subnet address)
    {
        var request = new NetlinkRequest(Rtnl.RTM_NEWADDR, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE)
            .IfAddr(Rtnl.AF_INET6, (byte)address.PrefixLength, Rtnl.RT_SCOPE_UNIVERSE, index, Rtnl.IFA_F_NODAD)
            .Address(Rtnl.IFA_LOCAL, address.Address)
            .Address(Rtnl.IFA_ADDRESS, address.Address);
        _socket.Execute(request, $"add address {address} to link {index}");
    }

    /// <summary>Default route via <paramref name="gateway"/> (IPv4 or IPv6, by the gateway's family).</summary>
    public void AddDefaultRoute(IPAddress gateway, int outputIndex)
    {
        byte family = gateway.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Rtnl.AF_INET6 : Rtnl.AF_INET;
        var request = new NetlinkRequest(Rtnl.RTM_NEWROUTE, Create)
            .RtMsg(family, 0, Rtnl.RT_TABLE_MAIN, Rtnl.RTPROT_BOOT, Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST)
            .Address(Rtnl.RTA_GATEWAY, gateway)
            .UInt32(Rtnl.RTA_OIF, (uint)outputIndex);
        _socket.Execute(request, $"add default route via {gateway}");
    }

    /// <summary>IPv4 destinations of every routing table (default routes excluded).</summary>
    public IReadOnlyList<Ipv4Subnet> ListRouteDestinations()
    {
        var request = new NetlinkRequest(Rtnl.RTM_GETROUTE, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP)
            .RtMsg(Rtnl.AF_INET, 0, 0, 0, 0, 0);
        var result = new List<Ipv4Subnet>();
        foreach (var reply in _socket.Dump(request, "dump routes"))
        {
            int prefix = reply[1];
            var attributes = NetlinkAttributes.Parse(reply.AsSpan(12));
            if (prefix > 0 && attributes.TryGetValue(Rtnl.RTA_DST, out var destination) && destination.Length == 4)
            {
                result.Add(Ipv4Subnet.Network(new IPAddress(destination), prefix));
            }
        }

        return result;
    }

    /// <summary>IPv6 destinations of every routing table (default and link-local routes excluded).</summary>
    public IReadOnlyList<Ipv6Subnet> ListRouteDestinations6()
    {
        var request = new NetlinkRequest(Rtnl.RTM_GETROUTE, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP)
            .RtMsg(Rtnl.AF_INET6, 0, 0, 0, 0, 0);
        var result = new List<Ipv6Subnet>();
        foreach (var reply in _socket.Dump(request, "dump IPv6 routes"))
        {
            int prefix = reply[1];
            var attributes = NetlinkAttributes.Parse(reply.AsSpan(12));
            if (prefix > 0 && attributes.TryGetValue(Rtnl.RTA_DST, out var destination) && destination.Length == 16)
            {
                result.Add(new Ipv6Subnet(new IPAddress(destination), prefix).Subnet);
            }
        }

        return result;
    }

    /// <summary>IPv4 addresses on every link, as address/prefix.</summary>
    public IReadOnlyList<(int Index, Ipv4Subnet Address)> ListAddresses()
    {
        var request = new NetlinkRequest(Rtnl.RTM_GETADDR, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP).IfAddr(Rtnl.AF_INET, 0, 0, 0);
        var result = new List<(int, Ipv4Subnet)>();
        foreach (var reply in _socket.Dump(request, "dump addresses"))
        {
            int prefix = reply[1];
            int index = BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(4));
            var attributes = NetlinkAttributes.Parse(reply.AsSpan(8));
            if ((attributes.TryGetValue(Rtnl.IFA_LOCAL, out var raw) || attributes.TryGetValue(Rtnl.IFA_ADDRESS, out raw)) && raw.Length == 4)
            {
                result.Add((index, new Ipv4Subnet(new IPAddress(raw), prefix)));
            }
        }

        return result;
    }

    public void Dispose() => _socket.Dispose();
}
