using System.Text;
using Berth.Build.Context;
using Berth.Core.Containers;
using Berth.Linux.Files;

namespace Berth.Build.Execution;

/// <summary>
/// An image's files looked up directly in its unpacked layers, the way overlayfs merges them
/// (top layer first; a 0/0 character device is a whiteout, trusted.overlay.opaque=y hides the layers
/// below a directory, a non-directory ends the merge), so COPY/WORKDIR need neither a container nor
/// a mount. Only plain paths are handled: a path through a symlink or a non-directory throws
/// <see cref="NeedsContainerException"/> and the caller falls back to the container filesystem.
/// </summary>
internal sealed class LayerView(IReadOnlyList<string> layerDirsTopFirst) : IImageFiles
{
    private readonly Dictionary<string, LayerNode> _nodes = new(StringComparer.Ordinal);

    /// <summary>Looks up a clean absolute path; the final element is not followed.</summary>
    public LayerNode Lookup(string path)
    {
        if (_nodes.TryGetValue(path, out var cached))
        {
            return cached;
        }

        var node = Resolve(path);
        _nodes[path] = node;
        return node;
    }

    public Task<PathStat?> StatAsync(string path, CancellationToken cancellationToken)
    {
        var follow = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal);
        var clean = PathClean.Clean("/" + path);
        var node = Lookup(clean);
        PathStat? stat = node.Kind switch
        {
            LayerNodeKind.Missing => null,
            LayerNodeKind.Symlink when follow => throw new NeedsContainerException(clean),
            LayerNodeKind.Directory => Stat(clean, node, PathStat.ModeDir),
            _ when follow => null, // "file/" is ENOTDIR, which callers see as missing
            LayerNodeKind.Symlink => Stat(clean, node, PathStat.ModeSymlink),
            _ => Stat(clean, node, 0),
        };
        return Task.FromResult(stat);
    }

    public async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        var node = Lookup(PathClean.Clean("/" + path));
        return node.Kind switch
        {
            LayerNodeKind.Missing or LayerNodeKind.Directory => null,
            LayerNodeKind.Symlink => throw new NeedsContainerException(path),
            _ => node.Stat.IsRegular ? await File.ReadAllTextAsync(node.HostPath, Encoding.UTF8, cancellationToken).ConfigureAwait(false) : null,
        };
    }

    /// <summary>True when a directory carries extended attributes that a copy-up would carry along.</summary>
    public static bool HasXattrs(string hostPath) =>
        Xattrs.ListNoFollow(hostPath).Any(name => !name.StartsWith("trusted.overlay.", StringComparison.Ordinal));

    private LayerNode Resolve(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return layerDirsTopFirst.Count == 0 || !FileStatus.TryLstat(layerDirsTopFirst[0], out var rootStat)
                ? new LayerNode(LayerNodeKind.Directory, "", default)
                : new LayerNode(LayerNodeKind.Directory, layerDirsTopFirst[0], rootStat);
        }

        // The host directories that make up the merged directory at the current level, top first.
        IReadOnlyList<string> dirs = layerDirsTopFirst;
        var node = LayerNode.Missing;
        for (var i = 0; i < parts.Length; i++)
        {
            var (found, below) = LookupIn(dirs, parts[i]);
            node = found;
            if (node.Kind == LayerNodeKind.Missing)
            {
                return node;
            }

            if (i < parts.Length - 1 && node.Kind != LayerNodeKind.Directory)
            {
                throw new NeedsContainerException(path);
            }

            dirs = below;
        }

        return node;
    }

    private static (LayerNode Node, List<string> Dirs) LookupIn(IReadOnlyList<string> dirs, string name)
    {
        var merged = new List<string>();
        var node = LayerNode.Missing;
        foreach (var dir in dirs)
        {
            var hostPath = Path.Combine(dir, name);
            if (!FileStatus.TryLstat(hostPath, out var stat))
            {
                continue;
            }

            if (stat.IsWhiteout || (node.Kind != LayerNodeKind.Missing && !stat.IsDirectory))
            {
                break;
            }

            if (node.Kind == LayerNodeKind.Missing)
            {
                node = new LayerNode(stat.IsDirectory ? LayerNodeKind.Directory : stat.IsSymlink ? LayerNodeKind.Symlink : LayerNodeKind.Other, hostPath, stat);
                if (!stat.IsDirectory)
                {
                    break;
                }
            }

            merged.Add(hostPath);
            if (Xattrs.GetNoFollow(hostPath, "trusted.overlay.opaque") is [(byte)'y'])
            {
                break;
            }
        }

        return (node, merged);
    }

    private static PathStat Stat(string path, LayerNode node, uint type) =>
        new(path == "/" ? "/" : path[(path.LastIndexOf('/') + 1)..], (long)node.Stat.Size, type | (node.Stat.Permissions & 0x1FFu), node.Stat.ModificationTime, "");
}
