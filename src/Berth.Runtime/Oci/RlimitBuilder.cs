using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Linux;

namespace Berth.Runtime.Oci;

internal sealed record OciRlimit(string Type, ulong Hard, ulong Soft);

/// <summary>
/// --ulimit to OCI rlimits. Docker sets none by default (processes inherit conmon's). A requested
/// hard limit above the host's hard limit is lowered to it (runc would otherwise fail or, as root,
/// exceed what the host allows), and soft never exceeds hard.
/// </summary>
internal static class RlimitBuilder
{
    public static List<OciRlimit> Build(IReadOnlyList<Ulimit> ulimits, Func<int, ulong> hostHardLimit)
    {
        var result = new List<OciRlimit>();
        foreach (Ulimit u in ulimits)
        {
            int resource = ResourceLimits.ResourceOf(u.Name);
            if (resource < 0)
            {
                throw EngineException.InvalidArgument($"invalid ulimit type: {u.Name}");
            }
            if (u.Soft > u.Hard && u.Hard >= 0)
            {
                throw EngineException.InvalidArgument($"ulimit soft limit must be less than or equal to hard limit: {u.Soft} > {u.Hard}");
            }
            ulong hard = u.Hard < 0 ? ResourceLimits.Infinity : (ulong)u.Hard;
            ulong soft = u.Soft < 0 ? ResourceLimits.Infinity : (ulong)u.Soft;
            hard = Math.Min(hard, hostHardLimit(resource));
            soft = Math.Min(soft, hard);
            string type = ResourceLimits.OciName(resource);
            result.RemoveAll(r => r.Type == type);
            result.Add(new OciRlimit(type, hard, soft));
        }
        return result;
    }
}
