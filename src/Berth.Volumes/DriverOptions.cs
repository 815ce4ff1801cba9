using Berth.Core.Errors;

namespace Berth.Volumes;

/// <summary>
/// The local driver's options (moby volume/local/local_unix.go): type, device, o, size. A volume with
/// type or device is mounted with mount(2) on first use.
/// </summary>
internal static class DriverOptions
{
    private static readonly string[] Valid = ["type", "o", "device", "size"];

    // Each option needs the listed ones too (Docker's mandatoryOpts), checked in this order.
    private static readonly (string Option, string[] Requires)[] Mandatory =
    [
        ("device", ["type"]),
        ("type", ["device"]),
        ("o", ["device", "type"]),
    ];

    public static void Validate(string name, IReadOnlyDictionary<string, string> opts)
    {
        foreach (string key in opts.Keys.Order(StringComparer.Ordinal))
        {
            if (!Valid.Contains(key))
            {
                throw EngineException.InvalidArgument($"create {name}: invalid option: \"{key}\"");
            }
        }
        if (opts.TryGetValue("size", out string? size))
        {
            long bytes = ByteSize.Parse(size, msg => EngineException.InvalidArgument($"create {name}: {msg}"));
            if (bytes > 0)
            {
                // Docker needs project quotas (xfs/ext4 prjquota) for this; Berth has no quota support.
                throw EngineException.InvalidArgument($"create {name}: quota size requested but no quota support");
            }
        }
        foreach (var (option, requires) in Mandatory)
        {
            if (!opts.ContainsKey(option))
            {
                continue;
            }
            foreach (string required in requires)
            {
                if (!opts.ContainsKey(required))
                {
                    throw EngineException.InvalidArgument($"create {name}: missing required option: \"{required}\"");
                }
            }
        }
    }

    public static bool NeedsMount(IReadOnlyDictionary<string, string> opts) =>
        !string.IsNullOrEmpty(opts.GetValueOrDefault("type")) || !string.IsNullOrEmpty(opts.GetValueOrDefault("device"));
}
