using System.Globalization;
using Berth.Core.Containers;
using Berth.Linux.Cgroups;

namespace Berth.Runtime;

/// <summary>
/// Bytes read and written per block device, as dockerd fills blkio_stats.io_service_bytes_recursive:
/// cgroup v1's blkio.throttle.io_service_bytes_recursive as it is (ops "Read", "Write", "Sync",
/// "Async", "Discard", "Total"), or v2's io.stat rbytes/wbytes as ops "read" and "write".
/// </summary>
internal static class ContainerBlkioStats
{
    public static IReadOnlyList<BlkioEntry> Read(CgroupFs cgroups, string relativePath)
    {
        string rel = relativePath.TrimStart('/');
        string path = cgroups.IsV2
            ? Path.Combine(cgroups.Root, rel, "io.stat")
            : Path.Combine(cgroups.Root, "blkio", rel, "blkio.throttle.io_service_bytes_recursive");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return cgroups.IsV2 ? ParseV2(text) : ParseV1(text);
    }

    /// <summary>"8:0 Read 4096" lines; the closing "Total N" line names no device and is skipped.</summary>
    public static List<BlkioEntry> ParseV1(string text)
    {
        var result = new List<BlkioEntry>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 3 && Device(f[0]) is (var major, var minor) && ulong.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            {
                result.Add(new BlkioEntry(major, minor, f[1], value));
            }
        }

        return result;
    }

    /// <summary>"8:0 rbytes=1 wbytes=2 rios=3 ..." lines.</summary>
    public static List<BlkioEntry> ParseV2(string text)
    {
        var result = new List<BlkioEntry>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0 || Device(f[0]) is not { } device)
            {
                continue;
            }

            foreach (string pair in f.Skip(1))
            {
                string op = pair.StartsWith("rbytes=", StringComparison.Ordinal) ? "read" : pair.StartsWith("wbytes=", StringComparison.Ordinal) ? "write" : "";
                if (op.Length > 0 && ulong.TryParse(pair.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
                {
                    result.Add(new BlkioEntry(device.Major, device.Minor, op, value));
                }
            }
        }

        return result;
    }

    private static (ulong Major, ulong Minor)? Device(string text)
    {
        int colon = text.IndexOf(':');
        return colon > 0
            && ulong.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out ulong major)
            && ulong.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong minor)
            ? (major, minor) : null;
    }
}
