namespace Berth.Networking.Netlink;

/// <summary>One network interface from a link dump; Master is the bridge's index (0 = none).</summary>
internal sealed record LinkEntry(int Index, string Name, bool Up, int Master);
