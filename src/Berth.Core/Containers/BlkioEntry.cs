namespace Berth.Core.Containers;

/// <summary>One blkio counter of a device, as Docker's blkio_stats entries: op is "Read"/"Write"/... (cgroup v1) or "read"/"write" (v2).</summary>
public sealed record BlkioEntry(ulong Major, ulong Minor, string Op, ulong Value);
