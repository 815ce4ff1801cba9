namespace Berth.Testing;

public sealed partial class DaemonFixture
{
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>
    /// Stops berthd, kills the conmon/runc/container processes it left (anything whose command line
    /// or root directory lies under <see cref="Root"/>), unmounts everything under Root and deletes it.
    /// A dockerd (BERTH_TEST_ENGINE=dockerd) takes its containerd and shims along, and its bridges and iptables rules.
    /// </summary>
    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        IReadOnlyList<string> bridges = await BridgesToRemoveAsync();
        await RemoveAllContainersAsync();
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
            if (_dockerdHost is not null)
            {
                await _dockerdHost.ReleaseAsync(bridges);
            }
        }
    }

    /// <summary>
    /// Containers outlive their daemon by design (conmon holds them), so a test that ends with
    /// containers still running would leave them behind: remove them through the daemon first.
    /// </summary>
    private async Task RemoveAllContainersAsync()
    {
        if (ProcessId is null)
        {
            return;
        }
        try
        {
            var ids = await RunCliAsync(["ps", "-aq", "--no-trunc"], timeout: TimeSpan.FromSeconds(30));
            if (ids.ExitCode == 0 && ids.Lines.Count > 0)
            {
                await RunCliAsync(new[] { "rm", "-f", "-v" }.Concat(ids.Lines), timeout: TimeSpan.FromSeconds(60));
            }
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
        {
            // The kill-by-root sweep below still runs.
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

    // conmon and runc carry our roots in their arguments; container processes live in a mount
    // namespace whose mounts (the overlay rootfs, its upper/work dirs) name the data root. Their
    // /proc/<pid>/root reads "/" after pivot_root, so the mount table is what gives them away.
    private static readonly string? OwnMountNamespace = new FileInfo("/proc/self/ns/mnt").LinkTarget;

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
            if (root is not null && (root + "/").StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
            // Only processes in another mount namespace: every host process sees our mounts too.
            string? mountNamespace = new FileInfo(Path.Combine(procDir, "ns", "mnt")).LinkTarget;
            return mountNamespace is not null && mountNamespace != OwnMountNamespace
                && File.ReadLines(Path.Combine(procDir, "mountinfo")).Any(l => l.Contains(prefix, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the process exited meanwhile, or is a kernel thread
        }
    }
}
