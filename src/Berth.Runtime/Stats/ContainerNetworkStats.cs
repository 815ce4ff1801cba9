using System.Globalization;
using Berth.Core.Containers;

namespace Berth.Runtime;

/// <summary>
/// The container's interface counters, read from /proc/&lt;pid&gt;/net/dev (the container's own
/// network namespace, as seen through its init process). Loopback is left out, as Docker does.
/// </summary>
internal static class ContainerNetworkStats
{
    /// <returns>null when the process is gone or the namespace has no interface but lo (--network none).</returns>
    public static IReadOnlyDictionary<string, NetworkCounters>? Read(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/net/dev");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var result = Parse(text);
        return result.Count == 0 ? null : result;
    }

    /// <summary>/proc/net/dev: two header lines, then "iface: rx bytes packets errs drop fifo frame compressed multicast tx bytes packets errs drop ...".</summary>
    public static Dictionary<string, NetworkCounters> Parse(string text)
    {
        var result = new Dictionary<string, NetworkCounters>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n').Skip(2))
        {
            int colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            string name = line[..colon].Trim();
            string[] f = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (name == "lo" || f.Length < 16)
            {
                continue;
            }

            ulong N(int i) => ulong.Parse(f[i], CultureInfo.InvariantCulture);
            result[name] = new NetworkCounters(N(0), N(1), N(2), N(3), N(8), N(9), N(10), N(11));
        }

        return result;
    }
}
