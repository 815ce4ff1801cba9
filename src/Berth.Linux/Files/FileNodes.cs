using System.Text;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static Berth.Linux.Files.AtFlags;
using static Berth.Linux.Native.SyscallException;

namespace Berth.Linux.Files;

/// <summary>
/// Creating, linking, removing and re-owning directory entries, relative to a directory fd (the *at
/// calls, never following a final symlink) or by host path. Failures throw
/// <see cref="Native.SyscallException"/> naming the call and the entry.
/// </summary>
public static unsafe partial class FileNodes
{
    public static void MkdirAt(SafeFileHandle dir, string name, uint mode) => ThrowIfFailed(mkdirat(dir, name, mode), "mkdirat", name);

    /// <param name="mode">File type (S_IFCHR, S_IFBLK, S_IFIFO, ...) and permissions.</param>
    public static void MknodAt(SafeFileHandle dir, string name, uint mode, uint major, uint minor) =>
        ThrowIfFailed(mknodat(dir, name, mode, MakeDev(major, minor)), "mknodat", name);

    /// <inheritdoc cref="MknodAt"/>
    public static void Mknod(string path, uint mode, uint major, uint minor) =>
        ThrowIfFailed(mknod(path, mode, MakeDev(major, minor)), "mknod", path);

    public static void SymlinkAt(string target, SafeFileHandle dir, string name) => ThrowIfFailed(symlinkat(target, dir, name), "symlinkat", name);

    public static void LinkAt(SafeFileHandle oldDir, string oldName, SafeFileHandle newDir, string newName) =>
        ThrowIfFailed(linkat(oldDir, oldName, newDir, newName, 0), "linkat", newName);

    /// <summary>link(2): a hard link at <paramref name="newPath"/>.</summary>
    public static void Link(string existingPath, string newPath) => ThrowIfFailed(link(existingPath, newPath), "link", newPath);

    public static void UnlinkAt(SafeFileHandle dir, string name, bool directory) =>
        ThrowIfFailed(unlinkat(dir, name, directory ? AT_REMOVEDIR : 0), "unlinkat", name);

    public static string ReadLinkAt(SafeFileHandle dir, string name)
    {
        for (int size = 256; ; size *= 4)
        {
            byte[] buffer = new byte[size];
            nint n;
            fixed (byte* b = buffer)
            {
                n = readlinkat(dir, name, b, (nuint)size);
            }
            if (n < 0)
            {
                throw FromLastError("readlinkat", name);
            }
            if (n < size)
            {
                return Encoding.UTF8.GetString(buffer, 0, (int)n);
            }
        }
    }

    /// <summary>lchown of an entry in a directory ("" = the fd itself, O_PATH allowed).</summary>
    public static void ChownAt(SafeFileHandle dir, string name, uint uid, uint gid) =>
        ThrowIfFailed(fchownat(dir, name, uid, gid, NoFollow(name)), "fchownat", Subject(name));

    public static void Lchown(string path, int uid, int gid) => ThrowIfFailed(lchown(path, (uint)uid, (uint)gid), "lchown", path);

    /// <summary>chmod of an fd's object through /proc/self/fd, which also reaches the inode of an O_PATH fd
    /// (never use it on a symlink: chmod would follow it).</summary>
    public static void Chmod(SafeFileHandle fd, uint mode) => ThrowIfFailed(chmod(FileHandles.ProcPath(fd), mode), "chmod", "fd");

    /// <summary>Sets atime and mtime of an entry ("" = the fd itself) without following a final symlink;
    /// <see cref="Timespec.Omit"/> leaves one as it is.</summary>
    public static void SetTimesAt(SafeFileHandle dir, string name, Timespec access, Timespec modification)
    {
        Timespec* times = stackalloc Timespec[2] { access, modification };
        ThrowIfFailed(utimensat(dir, name, times, NoFollow(name)), "utimensat", Subject(name));
    }

    /// <inheritdoc cref="SetTimesAt"/>
    public static void SetTimes(string path, Timespec access, Timespec modification)
    {
        Timespec* times = stackalloc Timespec[2] { access, modification };
        ThrowIfFailed(utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), "utimensat", path);
    }

    // glibc's gnu_dev_makedev() encoding of dev_t.
    private static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkdirat(SafeFileHandle dirfd, string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknodat(SafeFileHandle dirfd, string path, uint mode, ulong dev);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong dev);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int symlinkat(string target, SafeFileHandle dirfd, string path);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int linkat(SafeFileHandle olddirfd, string oldpath, SafeFileHandle newdirfd, string newpath, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlinkat(SafeFileHandle dirfd, string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint readlinkat(SafeFileHandle dirfd, string path, byte* buffer, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fchownat(SafeFileHandle dirfd, string path, uint uid, uint gid, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint uid, uint gid);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chmod(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(SafeFileHandle dirfd, string path, Timespec* times, int flags);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(int dirfd, string path, Timespec* times, int flags);
}
