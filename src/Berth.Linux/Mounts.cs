using System.Runtime.InteropServices;
using Berth.Linux.Native;

namespace Berth.Linux;

/// <summary>mount(2)/umount2(2) and /proc/self/mountinfo queries.</summary>
public static partial class Mounts
{
    public const ulong MS_RDONLY = 0x1;
    public const ulong MS_NOSUID = 0x2;
    public const ulong MS_NODEV = 0x4;
    public const ulong MS_NOEXEC = 0x8;
    public const ulong MS_REMOUNT = 0x20;
    public const ulong MS_BIND = 0x1000;
    public const ulong MS_REC = 0x4000;
    public const ulong MS_PRIVATE = 0x40000;

    public const int MNT_FORCE = 0x1;
    public const int MNT_DETACH = 0x2;

    public static void Mount(string? source, string target, string? fsType, ulong flags, string? data)
    {
        if (mount(source, target, fsType, flags, data) != 0)
        {
            throw SyscallException.FromLastError("mount", $"{fsType ?? "none"} on {target}");
        }
    }

    /// <summary>Unmounts <paramref name="target"/>; returns false when it was not mounted (EINVAL) or is gone (ENOENT).</summary>
    public static bool Unmount(string target, int flags)
    {
        if (umount2(target, flags) == 0)
        {
            return true;
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno is Errno.EINVAL or Errno.ENOENT)
        {
            return false;
        }
        throw new SyscallException("umount2", target, errno);
    }

    /// <summary>Mount points (field 5 of /proc/self/mountinfo, octal escapes decoded) at or under <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> MountPointsUnder(string prefix)
    {
        string root = prefix.TrimEnd('/');
        var result = new List<string>();
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length < 5)
            {
                continue;
            }
            string mountPoint = Unescape(fields[4]);
            if (mountPoint == root || mountPoint.StartsWith(root + "/", StringComparison.Ordinal))
            {
                result.Add(mountPoint);
            }
        }
        return result;
    }

    public static bool IsMountPoint(string path) => MountPointsUnder(path).Contains(path.TrimEnd('/'));

    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }
        var sb = new System.Text.StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }
        return sb.ToString();
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string? source, string target, string? fstype, ulong flags, string? data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);
}
