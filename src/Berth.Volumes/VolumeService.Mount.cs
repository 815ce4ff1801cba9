using Berth.Core.Errors;
using Berth.Core.Volumes;

namespace Berth.Volumes;

public sealed partial class VolumeService
{
    public async Task<string> MountAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            VolumeRecord v = Find(name, "get");
            string data = _store.DataPath(name);
            if (v.NeedsMount && !v.Mounted)
            {
                // Also after a reboot: nothing is mounted any more and the first user mounts again.
                Directory.CreateDirectory(data);
                try
                {
                    MountFlags.Mount(v.Options.GetValueOrDefault("device", ""), data, v.Options.GetValueOrDefault("type", ""), v.Options.GetValueOrDefault("o", ""));
                }
                catch (IOException e)
                {
                    throw EngineException.Internal("failed to mount local volume: " + e.Message, e);
                }
                v.Mounted = true;
            }
            v.Holders.Add(holder);
            return data;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task UnmountAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Volumes().TryGetValue(name, out VolumeRecord? v) || !v.Holders.Remove(holder))
            {
                return;
            }
            if (v.Holders.Count == 0 && v.Mounted)
            {
                Unmount(v);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<VolumeInfo>> SizeAsync(CancellationToken cancellationToken)
    {
        var references = await _usage.GetReferencesAsync(cancellationToken).ConfigureAwait(false);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = new List<VolumeInfo>();
            foreach (VolumeRecord v in Volumes().Values.Where(v => v.Options.Count == 0).OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                long size;
                try
                {
                    size = VolumeTree.Size(_store.DataPath(v.Name), cancellationToken);
                }
                catch (IOException)
                {
                    size = -1;
                }
                result.Add(ToInfo(v) with { UsageData = new VolumeUsageData(size, Users(v, references).Count) });
            }
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    private void Unmount(VolumeRecord v)
    {
        string data = _store.DataPath(v.Name);
        try
        {
            if (!Linux.Mounts.Unmount(data, 0) && Linux.Mounts.IsMountPoint(data))
            {
                throw new IOException($"{data} is still mounted");
            }
        }
        catch (Linux.Native.SyscallException e) when (e.Errno == Linux.Native.Errno.EBUSY)
        {
            // A process still has files open there; detach so the next mount starts clean.
            Linux.Mounts.Unmount(data, Linux.Mounts.MNT_DETACH);
        }
        v.Mounted = false;
    }
}
