using Berth.Core.Errors;
using Berth.Core.Volumes;

namespace Berth.Volumes;

public sealed partial class VolumeService
{
    public async Task RemoveAsync(string name, bool force, CancellationToken cancellationToken)
    {
        var references = await _usage.GetReferencesAsync(cancellationToken).ConfigureAwait(false);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Volumes().TryGetValue(name, out VolumeRecord? v))
            {
                if (force)
                {
                    return;
                }
                throw EngineException.NotFound($"get {name}: no such volume");
            }
            var users = Users(v, references);
            if (users.Count > 0)
            {
                throw EngineException.Conflict($"remove {name}: volume is in use - [{string.Join(", ", users)}]");
            }
            Delete(v);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<VolumePruneReport> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, bool all, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _pruneRunning, 1, 0) != 0)
        {
            throw EngineException.Conflict("a prune operation is already running");
        }
        try
        {
            var filter = VolumeFilters.Create(filters, "label", "label!", "all");
            all |= PruneAll(filter);
            var references = await _usage.GetReferencesAsync(cancellationToken).ConfigureAwait(false);
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var deleted = new List<string>();
                long reclaimed = 0;
                var candidates = Volumes().Values
                    .Where(v => (all || v.IsAnonymous) && v.Options.Count == 0 && Users(v, references).Count == 0 && filter.Matches(v, referenced: false))
                    .OrderBy(v => v.Name, StringComparer.Ordinal)
                    .ToList();
                foreach (VolumeRecord v in candidates)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    long size = VolumeTree.Size(_store.DataPath(v.Name), cancellationToken);
                    Delete(v);
                    reclaimed += size;
                    deleted.Add(v.Name);
                }
                return new VolumePruneReport(deleted, reclaimed);
            }
            finally
            {
                _lock.Release();
            }
        }
        finally
        {
            Volatile.Write(ref _pruneRunning, 0);
        }
    }

    private static bool PruneAll(VolumeFilters filter)
    {
        var values = filter.Get("all");
        if (values.Count > 1)
        {
            throw EngineException.InvalidArgument($"invalid filter 'all=[{string.Join(" ", values)}]': only one value is expected");
        }
        if (values.Count == 0)
        {
            return false;
        }
        // Go's strconv.ParseBool.
        return values[0] switch
        {
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw EngineException.InvalidArgument($"invalid filter 'all': strconv.ParseBool: parsing \"{values[0]}\": invalid syntax"),
        };
    }

    private static List<string> Users(VolumeRecord v, IReadOnlyDictionary<string, IReadOnlyList<string>> references)
    {
        var users = new SortedSet<string>(v.Holders, StringComparer.Ordinal);
        if (references.TryGetValue(v.Name, out var ids))
        {
            users.UnionWith(ids);
        }
        return [.. users];
    }

    /// <summary>Unmounts a leftover device mount (a daemon restart found it mounted) and deletes the volume; metadata goes last.</summary>
    private void Delete(VolumeRecord v)
    {
        string data = _store.DataPath(v.Name);
        if (v.Mounted || Linux.Mounts.IsMountPoint(data))
        {
            Unmount(v);
        }
        try
        {
            VolumeTree.Delete(data);
            VolumeTree.Delete(_store.VolumeDirectory(v.Name));
        }
        catch (IOException e)
        {
            throw EngineException.Internal($"remove {v.Name}: {e.Message}", e);
        }
        Volumes().Remove(v.Name);
    }
}
