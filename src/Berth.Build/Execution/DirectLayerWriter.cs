using System.Formats.Tar;
using Berth.Build.Context;

namespace Berth.Build.Execution;

/// <summary>
/// Turns a COPY/ADD/WORKDIR tar into the layer that extracting it into a container and taking the
/// diff would give, without the container: each entry is preceded by the directories above it that
/// it changes, as overlayfs copies them up (the image's mode, owner and time; the time becomes
/// "now" for a directory that gains a new entry) or as the extractor creates them when missing
/// (0755, root, now). Whatever needs real path resolution (a symlink on the way, a file replacing a
/// directory or the reverse, a directory with extended attributes) throws
/// <see cref="NeedsContainerException"/> before anything is written.
/// </summary>
internal sealed class DirectLayerWriter(LayerView view, DateTimeOffset now)
{
    private readonly Dictionary<string, ParentDirectory> _parents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inTar = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tarDirectories = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="stepTar"/> twice (it must be seekable): once to plan, once to write.</summary>
    public async Task WriteAsync(Stream stepTar, Stream layer, CancellationToken cancellationToken)
    {
        var start = stepTar.Position;
        var reader = new TarReader(stepTar, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                Plan(Name(entry.Name), entry.EntryType);
            }
        }

        stepTar.Position = start;
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        reader = new TarReader(stepTar, leaveOpen: true);
        var writer = new TarWriter(layer, TarEntryFormat.Pax, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        await using (writer.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var name = Name(entry.Name);
                if (name.Length == 0)
                {
                    continue; // "." is the root itself, which extraction leaves alone
                }

                foreach (var parent in Ancestors(name))
                {
                    if (_parents.TryGetValue(parent, out var dir) && emitted.Add(parent))
                    {
                        await writer.WriteEntryAsync(dir.Entry(parent), cancellationToken).ConfigureAwait(false);
                    }
                }

                await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Plan(string name, TarEntryType type)
    {
        if (name.Length == 0)
        {
            return;
        }

        foreach (var ancestor in Ancestors(name))
        {
            if (_tarDirectories.Contains(ancestor) || _parents.ContainsKey(ancestor))
            {
                continue;
            }

            if (_inTar.Contains(ancestor))
            {
                throw new NeedsContainerException("/" + ancestor); // a file of this tar used as a directory
            }

            var node = view.Lookup("/" + ancestor);
            if (node.Kind == LayerNodeKind.Missing)
            {
                Touch(ancestor);
            }

            _parents[ancestor] = node.Kind switch
            {
                LayerNodeKind.Missing => new ParentDirectory(0x1ED, 0, 0, now),
                LayerNodeKind.Directory when !LayerView.HasXattrs(node.HostPath) =>
                    new ParentDirectory(node.Stat.Permissions, (int)node.Stat.Uid, (int)node.Stat.Gid, node.Stat.ModificationTime),
                _ => throw new NeedsContainerException("/" + ancestor),
            };
        }

        var isDirectory = type == TarEntryType.Directory;
        var isNew = !_inTar.Contains(name);
        if (isNew)
        {
            var existing = view.Lookup("/" + name);
            isNew = existing.Kind == LayerNodeKind.Missing;
            var compatible = existing.Kind switch
            {
                LayerNodeKind.Missing => true,
                LayerNodeKind.Directory => isDirectory,
                _ => !isDirectory,
            };
            if (!compatible)
            {
                throw new NeedsContainerException("/" + name);
            }
        }

        if (isNew)
        {
            Touch(name);
        }

        _inTar.Add(name);
        if (isDirectory)
        {
            _tarDirectories.Add(name);
        }
    }

    /// <summary>A new entry moves its directory's time, as creating it in the container would.</summary>
    private void Touch(string name)
    {
        if (Parent(name) is { } parent && _parents.TryGetValue(parent, out var directory))
        {
            directory.Mtime = now;
        }
    }

    private static string Name(string entryName) => PathClean.Clean("/" + entryName).TrimStart('/');

    private static string? Parent(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash > 0 ? name[..slash] : null;
    }

    /// <summary>The directories above <paramref name="name"/>, outermost first ("a", "a/b" for "a/b/c").</summary>
    private static IEnumerable<string> Ancestors(string name)
    {
        for (var slash = name.IndexOf('/'); slash > 0; slash = name.IndexOf('/', slash + 1))
        {
            yield return name[..slash];
        }
    }

    private sealed class ParentDirectory(uint mode, int uid, int gid, DateTimeOffset mtime)
    {
        public DateTimeOffset Mtime { get; set; } = mtime;

        public PaxTarEntry Entry(string name) => new(TarEntryType.Directory, name + "/")
        {
            Mode = (UnixFileMode)(mode & 0xFFF),
            Uid = uid,
            Gid = gid,
            ModificationTime = Mtime < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : Mtime,
        };
    }
}
