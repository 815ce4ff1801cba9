using Berth.Core.Errors;

namespace Berth.Runtime.Oci;

/// <summary>Docker's default capability set and its --cap-add/--cap-drop/--privileged rules (moby oci/caps).</summary>
internal static class Capabilities
{
    public static readonly IReadOnlyList<string> Default =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>Every capability of kernel 6.x, in number order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
        "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>
    /// The capabilities this daemon can hand out: every known one that is in its own bounding set
    /// (CapBnd of /proc/self/status). A sandboxed daemon may lack some (e.g. CAP_SYS_RESOURCE), and
    /// asking runc for one it cannot grant fails the start with "unable to apply caps".
    /// </summary>
    private static readonly Lazy<IReadOnlyList<string>> AvailableSet = new(() =>
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapBnd:", StringComparison.Ordinal)
                && ulong.TryParse(line[7..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out ulong mask))
            {
                return All.Where((_, bit) => (mask & (1UL << bit)) != 0).ToList();
            }
        }
        return All;
    });

    /// <summary>What --privileged and --cap-add ALL grant on this host.</summary>
    public static IReadOnlyList<string> Available => AvailableSet.Value;

    /// <summary>The effective set: privileged = all; else default, minus drops, plus adds. "ALL" in
    /// add wins over everything; "ALL" in drop starts from nothing (then adds apply), as in moby.</summary>
    public static IReadOnlyList<string> Compute(IReadOnlyList<string> add, IReadOnlyList<string> drop, bool privileged)
    {
        if (privileged)
        {
            return AvailableSet.Value;
        }
        List<string> adds = add.Select(Normalize).ToList();
        List<string> drops = drop.Select(Normalize).ToList();
        foreach (string cap in adds.Concat(drops))
        {
            if (cap != "ALL" && !All.Contains(cap))
            {
                throw EngineException.InvalidArgument($"invalid capability: {cap}");
            }
        }
        if (adds.Contains("ALL"))
        {
            return AvailableSet.Value.Where(c => !drops.Contains(c)).ToList();
        }
        var result = drops.Contains("ALL") ? new List<string>() : Default.Where(c => !drops.Contains(c)).ToList();
        foreach (string cap in adds)
        {
            if (!result.Contains(cap))
            {
                result.Add(cap);
            }
        }
        return result;
    }

    private static string Normalize(string cap)
    {
        string upper = cap.Trim().ToUpperInvariant();
        return upper == "ALL" || upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }
}
