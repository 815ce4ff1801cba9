using System.Runtime.InteropServices;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Linux;

/// <summary>
/// posix_spawn(3) for helpers that .NET's Process cannot start: it maps chosen descriptors onto fixed
/// numbers (conmon's _OCI_SYNCPIPE), can start a new session (the helper must outlive the daemon),
/// and restores default signal dispositions (.NET ignores SIGPIPE, which exec would inherit).
/// Descriptors not mapped are not inherited, because .NET opens everything close-on-exec.
/// </summary>
public static unsafe partial class ProcessSpawner
{
    private const short POSIX_SPAWN_SETSIGDEF = 0x04;
    private const short POSIX_SPAWN_SETSIGMASK = 0x08;
    private const short POSIX_SPAWN_SETSID = 0x80;
    private const int O_RDWR = 2;
    private const int O_CLOEXEC = 0x80000;
    private const int OpaqueSize = 1024;

    /// <summary>Starts <paramref name="path"/> with argv[0] = path. Standard streams not in
    /// <paramref name="fdMap"/> are /dev/null. Returns the pid; the caller must reap it (<see cref="ChildProcesses"/>).</summary>
    public static int Spawn(string path, IReadOnlyList<string> args, IReadOnlyList<string> environment,
        IReadOnlyList<(SafeHandle Handle, int TargetFd)> fdMap, bool newSession)
    {
        var allocations = new List<nint>();
        byte* actions = (byte*)NativeMemory.AllocZeroed(OpaqueSize);
        byte* attr = (byte*)NativeMemory.AllocZeroed(OpaqueSize);
        byte* sigset = (byte*)NativeMemory.AllocZeroed(OpaqueSize);
        var refs = new List<SafeHandle>();
        try
        {
            Check(posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            Check(posix_spawnattr_init(attr), "posix_spawnattr_init");
            for (int std = 0; std < 3; std++)
            {
                if (!fdMap.Any(m => m.TargetFd == std))
                {
                    Check(posix_spawn_file_actions_addopen(actions, std, "/dev/null", O_RDWR, 0), "posix_spawn_file_actions_addopen");
                }
            }
            foreach (var (handle, target) in fdMap)
            {
                bool added = false;
                handle.DangerousAddRef(ref added);
                refs.Add(handle);
                int fd = (int)handle.DangerousGetHandle();
                // dup2 onto itself would keep O_CLOEXEC; the runtime never hands out fds < 3, so fd != target.
                Check(posix_spawn_file_actions_adddup2(actions, fd, target), "posix_spawn_file_actions_adddup2");
            }
            short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
            if (newSession)
            {
                flags |= POSIX_SPAWN_SETSID;
            }
            Check(posix_spawnattr_setflags(attr, flags), "posix_spawnattr_setflags");
            sigfillset(sigset);
            Check(posix_spawnattr_setsigdefault(attr, sigset), "posix_spawnattr_setsigdefault");
            sigemptyset(sigset);
            Check(posix_spawnattr_setsigmask(attr, sigset), "posix_spawnattr_setsigmask");

            nint* argv = StringArray([path, .. args], allocations);
            nint* envp = StringArray(environment, allocations);
            int pid;
            int rc = posix_spawn(&pid, path, actions, attr, argv, envp);
            if (rc != 0)
            {
                throw new SyscallException("posix_spawn", path, rc);
            }
            return pid;
        }
        finally
        {
            foreach (SafeHandle h in refs)
            {
                h.DangerousRelease();
            }
            posix_spawn_file_actions_destroy(actions);
            posix_spawnattr_destroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
            NativeMemory.Free(sigset);
            foreach (nint p in allocations)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>A close-on-exec pipe: (read end, write end).</summary>
    public static (SafeFileHandle Read, SafeFileHandle Write) CreatePipe()
    {
        int* fds = stackalloc int[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
        {
            throw SyscallException.FromLastError("pipe2", null);
        }
        return (new SafeFileHandle(fds[0], true), new SafeFileHandle(fds[1], true));
    }

    private static nint* StringArray(IReadOnlyList<string> items, List<nint> allocations)
    {
        nint* array = (nint*)Marshal.AllocCoTaskMem((items.Count + 1) * sizeof(nint));
        allocations.Add((nint)array);
        for (int i = 0; i < items.Count; i++)
        {
            nint s = Marshal.StringToCoTaskMemUTF8(items[i]);
            allocations.Add(s);
            array[i] = s;
        }
        array[items.Count] = 0;
        return array;
    }

    private static void Check(int rc, string call)
    {
        if (rc != 0)
        {
            throw new SyscallException(call, null, rc);
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn(int* pid, string path, byte* fileActions, byte* attr, nint* argv, nint* envp);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(byte* actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(byte* actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_adddup2(byte* actions, int fd, int newFd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int posix_spawn_file_actions_addopen(byte* actions, int fd, string path, int oflag, uint mode);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_init(byte* attr);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_destroy(byte* attr);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_setflags(byte* attr, short flags);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_setsigdefault(byte* attr, byte* sigset);

    [LibraryImport("libc")]
    private static partial int posix_spawnattr_setsigmask(byte* attr, byte* sigset);

    [LibraryImport("libc")]
    private static partial int sigfillset(byte* set);

    [LibraryImport("libc")]
    private static partial int sigemptyset(byte* set);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int pipe2(int* fds, int flags);
}
