using Berth.Linux;

namespace Berth.Daemon.Composition;

/// <summary>
/// Private rootfs mounts that <c>OverlayRootfsSource</c> makes under &lt;exec-root&gt;/rootfs-leases
/// for cp/export of stopped containers. A daemon that crashed mid-copy leaves them mounted, holding
/// the container's upper dir; the next daemon removes them before serving anything.
/// </summary>
internal static class RootfsLeases
{
    public static void RemoveLeftovers(string execRoot)
    {
        string root = Path.Combine(execRoot, "rootfs-leases");
        if (!Directory.Exists(root))
        {
            return;
        }

        // Deepest first, so nested mounts go before their parents.
        foreach (string mountPoint in Mounts.MountPointsUnder(root).OrderByDescending(p => p.Length))
        {
            Mounts.Unmount(mountPoint, Mounts.MNT_DETACH);
        }

        foreach (string lease in Directory.EnumerateDirectories(root))
        {
            // Non-recursive: an empty mount point is all that should be left; anything else is kept for a human.
            Directory.Delete(lease);
        }
    }
}
