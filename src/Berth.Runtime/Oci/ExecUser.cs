namespace Berth.Runtime.Oci;

/// <summary>A resolved "user[:group]": numeric ids plus supplementary groups and the home directory.</summary>
internal sealed record ExecUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids, string Home);
