using Berth.Linux;
using Berth.Networking.Native;
using Berth.Networking.Netlink;

namespace Berth.Networking.Namespaces;

/// <summary>
/// Persistent network namespaces: a file bind-mounted from a namespace so it lives on without any
/// process in it (and across daemon restarts), like `ip netns add`. Namespace switches happen only on
/// dedicated threads that end afterwards: a thread keeps its namespace, so it must never return to
/// the thread pool.
/// </summary>
internal static class NetworkNamespaces
{
    /// <summary>Creates a new namespace, pins it at <paramref name="path"/> and brings lo up in it.</summary>
    public static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (File.Create(path))
        {
        }

        try
        {
            RunOnThread(() =>
            {
                LibC.Check(LibC.unshare(LibC.CLONE_NEWNET), "unshare", "CLONE_NEWNET");
                // thread-self, not self: /proc/self/ns/net is the main thread's namespace.
                Mounts.Mount($"/proc/thread-self/ns/net", path, null, Mounts.MS_BIND, null);
                using var netlink = new RouteNetlink();
                netlink.SetUp(netlink.GetLinkIndex("lo") ?? throw new IOException("new network namespace has no lo"));
                return true;
            });
        }
        catch
        {
            Delete(path);
            throw;
        }
    }

    /// <summary>Unmounts and removes the namespace file. Idempotent: a missing file or netns directory
    /// (a reboot emptied /run, an earlier delete got this far) is not an error.</summary>
    public static void Delete(string path)
    {
        // A namespace pinned twice (a create raced a crash) has stacked mounts; each call detaches the top one.
        for (int i = 0; i < 8 && Mounts.Unmount(path, Mounts.MNT_DETACH); i++)
        {
        }

        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The whole netns directory is gone: nothing left to delete.
        }
    }

    public static bool Exists(string path) => File.Exists(path) && Mounts.IsMountPoint(path);

    /// <summary>Runs <paramref name="work"/> on a fresh thread that has joined the namespace at <paramref name="path"/>.</summary>
    public static T Run<T>(string path, Func<T> work) => RunOnThread(() =>
    {
        using var handle = NamespaceHandle.Open(path);
        LibC.Check(LibC.setns(handle.Fd, LibC.CLONE_NEWNET), "setns", path);
        return work();
    });

    private static T RunOnThread<T>(Func<T> work)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 256 * 1024)
        { IsBackground = true, Name = "berth-netns" };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return result!;
    }
}
