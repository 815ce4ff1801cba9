using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static Berth.Linux.Native.SyscallException;

namespace Berth.Linux.Files;

/// <summary>fsync(2) and syncfs(2) for the durability points .NET's FileStream.Flush does not cover.</summary>
public static partial class FileSync
{
    public static void Fsync(SafeFileHandle fd, string what) => ThrowIfFailed(fsync(fd), "fsync", what);

    /// <summary>Flushes a directory's entries (a rename is durable only after this).</summary>
    public static void FsyncDirectory(string path)
    {
        using SafeFileHandle dir = FileHandles.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        Fsync(dir, path);
    }

    /// <summary>Flushes the whole file system holding <paramref name="path"/> (one call instead of an fsync per file).</summary>
    public static void SyncFileSystem(string path)
    {
        using SafeFileHandle dir = FileHandles.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
        ThrowIfFailed(syncfs(dir), "syncfs", path);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(SafeFileHandle fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int syncfs(SafeFileHandle fd);
}
