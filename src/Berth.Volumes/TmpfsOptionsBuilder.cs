using System.Globalization;
using Berth.Core.Errors;

namespace Berth.Volumes;

/// <summary>
/// tmpfs mount options as Docker builds them: "rw,noexec,nosuid,nodev,rprivate" then the user's
/// options, merged like moby's MergeTmpfsOptions (a later flag replaces its opposite, a later
/// key=value replaces the same key).
/// </summary>
internal static class TmpfsOptionsBuilder
{
    private static readonly string[] Defaults = ["rw", "noexec", "nosuid", "nodev", MountModes.DefaultPropagation];
    private static readonly string[] DataKeys = ["size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol"];

    public static string Build(string userOptions) =>
        string.Join(',', Merge([.. Defaults, .. userOptions.Split(',', StringSplitOptions.RemoveEmptyEntries)]));

    /// <summary>ConvertTmpfsOptions for --mount type=tmpfs: ro, mode=%o, size with the largest exact k/m/g suffix, exec|noexec.</summary>
    public static string FromMount(MountConfig m)
    {
        var raw = new List<string>();
        if (m.ReadOnly)
        {
            raw.Add("ro");
        }
        if (m.TmpfsMode != 0)
        {
            raw.Add("mode=" + Convert.ToString(m.TmpfsMode, 8));
        }
        if (m.TmpfsSize != 0)
        {
            raw.Add("size=" + SizeWithSuffix(m.TmpfsSize));
        }
        raw.AddRange(m.TmpfsExtra);
        return Build(string.Join(',', raw));
    }

    private static string SizeWithSuffix(long size)
    {
        foreach (var (suffix, divisor) in new[] { ("g", 1L << 30), ("m", 1L << 20), ("k", 1L << 10) })
        {
            if (size % divisor == 0)
            {
                return (size / divisor).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }
        return size.ToString(CultureInfo.InvariantCulture);
    }

    private static List<string> Merge(IReadOnlyList<string> options)
    {
        var flags = new HashSet<ulong>();
        var data = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        for (int i = options.Count - 1; i >= 0; i--)
        {
            string option = options[i];
            if (option == "defaults")
            {
                continue;
            }
            if (MountFlags.TryGetFlag(option, out ulong flag))
            {
                ulong key = MountFlags.IsPropagation(option) ? ulong.MaxValue : flag;
                if (flags.Add(key))
                {
                    result.Insert(0, option);
                }
                continue;
            }
            string[] kv = option.Split('=', 2);
            if (kv.Length != 2 || !DataKeys.Contains(kv[0]))
            {
                throw EngineException.InvalidArgument($"invalid tmpfs option [{string.Join(" ", kv.Select(k => "\"" + k + "\""))}]");
            }
            if (data.Add(kv[0]))
            {
                result.Insert(0, option);
            }
        }
        return result;
    }
}
