namespace Berth.Testing;

public sealed partial class DaemonFixture
{
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>
    /// Stops berthd, kills the conmon/runc/container processes it left (anything whose command line
    /// or root directory lies under <see cref="Root"/>), unmounts everything under Root and deletes it.
    /// </summary>
    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        IReadOnlyList<string> bridges = await BridgesToRemoveAsync();
        try
        {
            await StopAsync();
        }
        finally
        {
            _process?.Dispose();
            _http.Dispose();
            KillProcessesUnderRoot();
            RemoveHostNetworkState(bridges);
            MountTable.UnmountAllUnder(Root);
            // Never delete through a mount that would not go away: it could be a bind of host paths.
            if (MountTable.MountsUnder(Root).Count == 0 && Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }

    private void KillProcessesUnderRoot()
    {
        string prefix = Root + "/";
        int self = Environment.ProcessId;
        for (int round = 0; round < 5; round++)
        {
            bool killed = false;
            foreach (string dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == self)
                {
                    continue;
                }
                if (NamesRoot(dir, prefix) && LibC.Kill(pid, LibC.SIGKILL))
                {
                    killed = true;
                }
            }
            if (!killed)
            {
                return;
            }
            Thread.Sleep(100);
        }
    }

    // conmon and runc carry our roots in their arguments; container processes have their root
    // directory (chroot/pivot_root) under the data root.
    private static bool NamesRoot(string procDir, string prefix)
    {
        try
        {
            string cmdline = File.ReadAllText(Path.Combine(procDir, "cmdline")).Replace('\0', ' ');
            if (cmdline.Contains(prefix, StringComparison.Ordinal))
            {
                return true;
            }
            string? root = new FileInfo(Path.Combine(procDir, "root")).LinkTarget;
            return root is not null && (root + "/").StartsWith(prefix, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the process exited meanwhile, or is a kernel thread
        }
    }
}
