using Berth.Core.Errors;
using Berth.Linux.Files;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Filesystem;

/// <summary>
/// A directory used as "/" for every lookup below it (a container rootfs, or a layer dir). Lookups go
/// through openat2(RESOLVE_IN_ROOT): "..", absolute symlinks and symlink chains all stay inside, even
/// if the container changes its files while the daemon works on them.
/// </summary>
internal sealed class RootDirectory : IDisposable
{
    private const int MaxSymlinks = 255;

    public RootDirectory(string hostPath)
    {
        HostPath = Path.GetFullPath(hostPath);
        Handle = FileHandles.Open(HostPath, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
    }

    public string HostPath { get; }

    /// <summary>O_PATH handle of the root.</summary>
    public SafeFileHandle Handle { get; }

    public SafeFileHandle? TryOpen(string path, int flags, out int errno) => FileHandles.TryOpenInRoot(Handle, path, flags, out errno);

    public SafeFileHandle Open(string path, int flags) => FileHandles.OpenInRoot(Handle, path, flags);

    /// <summary>
    /// Docker's symlink.FollowSymlinkInScope: the absolute in-root path with every symlink evaluated
    /// (also the last component), "/" as the root for absolute targets; components that do not exist
    /// are kept as written. Only computes a name: callers still open it with <see cref="TryOpen"/>.
    /// </summary>
    public string Resolve(string path)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(ContainerPath.Components(path));
        int links = 0;
        while (pending.First is { } node)
        {
            string part = node.Value;
            pending.RemoveFirst();
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }
            string candidate = "/" + string.Join('/', resolved.Append(part));
            using SafeFileHandle? fd = TryOpen(candidate, OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW, out int errno);
            if (fd is null)
            {
                if (errno is Errno.ENOENT or Errno.ENOTDIR)
                {
                    resolved.Add(part);
                    continue;
                }
                throw new SyscallException("openat2", candidate, errno);
            }
            if (!FileStatus.Stat(fd).IsSymlink)
            {
                resolved.Add(part);
                continue;
            }
            if (++links > MaxSymlinks)
            {
                throw EngineException.InvalidArgument($"too many links in {path}");
            }
            string target = FileNodes.ReadLinkAt(fd, "");
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }
            foreach (string t in ContainerPath.Components(target).Reverse())
            {
                pending.AddFirst(t);
            }
        }
        return "/" + string.Join('/', resolved);
    }

    public void Dispose() => Handle.Dispose();
}
