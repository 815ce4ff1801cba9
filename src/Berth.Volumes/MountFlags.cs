using System.Globalization;

namespace Berth.Volumes;

/// <summary>
/// Splits a mount option string ("bind,ro,size=10m") into mount(2) flags and the data string, as
/// moby/sys/mount's parseOptions does, and performs the mount the same way: the main call, then a
/// propagation change, then a read-only remount for read-only binds.
/// </summary>
internal static class MountFlags
{
    private const ulong MS_RDONLY = 0x1, MS_NOSUID = 0x2, MS_NODEV = 0x4, MS_NOEXEC = 0x8, MS_SYNCHRONOUS = 0x10,
        MS_REMOUNT = 0x20, MS_MANDLOCK = 0x40, MS_DIRSYNC = 0x80, MS_NOATIME = 0x400, MS_NODIRATIME = 0x800,
        MS_BIND = 0x1000, MS_REC = 0x4000, MS_UNBINDABLE = 0x20000, MS_PRIVATE = 0x40000, MS_SLAVE = 0x80000,
        MS_SHARED = 0x100000, MS_RELATIME = 0x200000, MS_STRICTATIME = 0x1000000;

    private const ulong PropagationFlags = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;

    private static readonly Dictionary<string, (bool Clear, ulong Flag)> Table = new(StringComparer.Ordinal)
    {
        ["defaults"] = (false, 0), ["ro"] = (false, MS_RDONLY), ["rw"] = (true, MS_RDONLY),
        ["suid"] = (true, MS_NOSUID), ["nosuid"] = (false, MS_NOSUID), ["dev"] = (true, MS_NODEV), ["nodev"] = (false, MS_NODEV),
        ["exec"] = (true, MS_NOEXEC), ["noexec"] = (false, MS_NOEXEC), ["sync"] = (false, MS_SYNCHRONOUS), ["async"] = (true, MS_SYNCHRONOUS),
        ["dirsync"] = (false, MS_DIRSYNC), ["remount"] = (false, MS_REMOUNT), ["mand"] = (false, MS_MANDLOCK), ["nomand"] = (true, MS_MANDLOCK),
        ["atime"] = (true, MS_NOATIME), ["noatime"] = (false, MS_NOATIME), ["diratime"] = (true, MS_NODIRATIME), ["nodiratime"] = (false, MS_NODIRATIME),
        ["bind"] = (false, MS_BIND), ["rbind"] = (false, MS_BIND | MS_REC), ["unbindable"] = (false, MS_UNBINDABLE), ["runbindable"] = (false, MS_UNBINDABLE | MS_REC),
        ["private"] = (false, MS_PRIVATE), ["rprivate"] = (false, MS_PRIVATE | MS_REC), ["shared"] = (false, MS_SHARED), ["rshared"] = (false, MS_SHARED | MS_REC),
        ["slave"] = (false, MS_SLAVE), ["rslave"] = (false, MS_SLAVE | MS_REC), ["relatime"] = (false, MS_RELATIME), ["norelatime"] = (true, MS_RELATIME),
        ["strictatime"] = (false, MS_STRICTATIME), ["nostrictatime"] = (true, MS_STRICTATIME),
    };

    /// <summary>The flag an option sets or clears (rw and ro share MS_RDONLY); false for data options like size=.</summary>
    public static bool TryGetFlag(string option, out ulong flag)
    {
        bool known = Table.TryGetValue(option, out var f) && f.Flag != 0;
        flag = known ? f.Flag & ~MS_REC : 0;
        return known;
    }

    public static bool IsPropagation(string option) => TryGetFlag(option, out ulong flag) && (flag & PropagationFlags) != 0;

    public static (ulong Flags, string Data) Parse(string options)
    {
        ulong flags = 0;
        var data = new List<string>();
        foreach (string o in options.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Table.TryGetValue(o, out var f))
            {
                flags = f.Clear ? flags & ~f.Flag : flags | f.Flag;
            }
            else
            {
                data.Add(o);
            }
        }
        return (flags, string.Join(',', data));
    }

    /// <summary>mount(2) as moby/sys/mount.Mount does it; the error text names source, target, flags and data as Docker's does.</summary>
    public static void Mount(string device, string target, string fsType, string options)
    {
        var (flags, data) = Parse(options);
        ulong main = flags & ~PropagationFlags;
        bool mounted = false;
        try
        {
            Linux.Mounts.Mount(device, target, fsType, main, data.Length == 0 ? null : data);
            mounted = true;
            if ((flags & PropagationFlags) != 0)
            {
                Linux.Mounts.Mount(null, target, null, flags & (PropagationFlags | MS_REC), null);
            }
            if ((main & (MS_BIND | MS_RDONLY)) == (MS_BIND | MS_RDONLY))
            {
                Linux.Mounts.Mount(null, target, null, main | MS_REMOUNT, null);
            }
        }
        catch (Linux.Native.SyscallException e)
        {
            if (mounted)
            {
                // Half-done: do not leave the device mounted when the propagation or ro remount failed.
                Linux.Mounts.Unmount(target, Linux.Mounts.MNT_DETACH);
            }
            string text = System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.Errno).ToLowerInvariant();
            throw new IOException($"mount {device}:{target}, flags: 0x{main.ToString("x", CultureInfo.InvariantCulture)}, data: {data}: {text}", e);
        }
    }
}
