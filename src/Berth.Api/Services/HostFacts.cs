using System.Runtime.InteropServices;

namespace Berth.Api.Services;

/// <summary>Facts about the host that /version and /info report, read from /proc, /etc and /sys.</summary>
internal sealed class HostFacts
{
    private HostFacts(string kernel, string os, string osVersion, long memTotal, string cgroupVersion)
    {
        KernelVersion = kernel;
        OperatingSystem = os;
        OsVersion = osVersion;
        MemTotal = memTotal;
        CgroupVersion = cgroupVersion;
    }

    public string KernelVersion { get; }
    public string OperatingSystem { get; }
    public string OsVersion { get; }
    public long MemTotal { get; }
    public string CgroupVersion { get; }

    /// <summary>uname -m style ("x86_64"), which /info shows.</summary>
    public static string Machine => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        Architecture.Arm => "armv7l",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>GOARCH style ("amd64"), which /version shows.</summary>
    public static string GoArch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        var other => other.ToString().ToLowerInvariant(),
    };

    public static HostFacts Read()
    {
        var kernel = ReadFirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString();
        var release = ReadOsRelease();
        var os = release.GetValueOrDefault("PRETTY_NAME") ?? "Linux";
        var osVersion = release.GetValueOrDefault("VERSION_ID") ?? "";
        // cgroup2's root has cgroup.controllers; a v1 or hybrid host does not.
        var cgroup = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1";
        return new HostFacts(kernel, os, osVersion, ReadMemTotal(), cgroup);
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> ReadOsRelease()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in new[] { "/etc/os-release", "/usr/lib/os-release" })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path))
            {
                var eq = line.IndexOf('=');
                if (eq > 0)
                {
                    values[line[..eq].Trim()] = line[(eq + 1)..].Trim().Trim('"');
                }
            }

            break;
        }

        return values;
    }

    private static long ReadMemTotal()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], global::System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
