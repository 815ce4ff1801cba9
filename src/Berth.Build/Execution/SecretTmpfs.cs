using Berth.Linux;
using Berth.Linux.Files;
using Berth.Linux.Native;

namespace Berth.Build.Execution;

/// <summary>
/// A private tmpfs on the daemon's host that holds what one RUN's secret and ssh mounts expose
/// (secret files, the env wrapper, ssh agent proxy sockets). Secrets live in memory only: the tmpfs
/// is mounted noswap where the kernel allows it (6.4+), mode 0700, and unmounted (lazily, so a
/// lingering reference cannot keep it) and removed on dispose. Nothing it holds is ever part of the
/// container's rootfs: files are bind-mounted from here onto their targets.
/// </summary>
internal sealed class SecretTmpfs : IDisposable
{
    // Secrets are at most 500 KB each (BuildKit's limit); the proxies and wrapper take a few bytes.
    // Not noexec: a bind mount keeps its source's flags and the env wrapper must run.
    private const string Options = "mode=0700,size=64m,nr_inodes=4096";

    private SecretTmpfs(string path) => Path = path;

    public string Path { get; }

    public static SecretTmpfs Create(string directory)
    {
        Directory.CreateDirectory(directory);
        try
        {
            try
            {
                Mounts.Mount("berth-secrets", directory, "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, Options + ",noswap");
            }
            catch (SyscallException e) when (e.Errno == Errno.EINVAL)
            {
                // Kernels before 6.4 have no noswap; a plain tmpfs still never writes to the filesystem.
                Mounts.Mount("berth-secrets", directory, "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, Options);
            }
        }
        catch
        {
            Directory.Delete(directory);
            throw;
        }

        return new SecretTmpfs(directory);
    }

    /// <summary>Writes a file with exactly this owner and mode (created 0600 first, so no moment exists where others could read it).</summary>
    public string WriteFile(string name, ReadOnlySpan<byte> data, uint mode, uint uid, uint gid)
    {
        var path = System.IO.Path.Combine(Path, name);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var file = new FileStream(path, options))
        {
            file.Write(data);
        }

        FileNodes.Lchown(path, (int)uid, (int)gid);
        File.SetUnixFileMode(path, (UnixFileMode)(mode & 0xFFF));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Mounts.Unmount(Path, Mounts.MNT_DETACH);
            Directory.Delete(Path);
        }
        catch (IOException)
        {
            // Unmounted already; the next daemon start removes builder tmp leftovers.
        }
    }

    /// <summary>Unmounts tmpfs left under <paramref name="root"/> by a daemon that crashed mid-build.</summary>
    public static void UnmountLeftovers(string root)
    {
        foreach (var mountPoint in Mounts.MountPointsUnder(root).OrderByDescending(p => p.Length))
        {
            Mounts.Unmount(mountPoint, Mounts.MNT_DETACH);
        }
    }
}
