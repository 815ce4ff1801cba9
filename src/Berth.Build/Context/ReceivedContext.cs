using System.Formats.Tar;
using Berth.Core.Errors;

namespace Berth.Build.Context;

/// <summary>
/// The build context as received: regular files extracted under a private directory, every path
/// indexed with its tar metadata. Entry names that climb out ("..", absolute after cleaning) and
/// hard links to unknown targets are refused; device nodes are skipped, as Docker's context has no use for them.
/// </summary>
internal sealed partial class ReceivedContext
{
    private readonly Dictionary<string, ContextEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _children = new(StringComparer.Ordinal);
    private readonly string _root;

    private ReceivedContext(string root)
    {
        _root = root;
        _entries["."] = new ContextEntry(".", ContextEntryKind.Directory, 0x1ED, 0, "", DateTimeOffset.UnixEpoch, root);
    }

    public long TotalSize { get; private set; }

    public ContextFilter Filter { get; set; } = new([]);

    public IEnumerable<ContextEntry> Entries => _entries.Values;

    public static async Task<ReceivedContext> ReceiveAsync(Stream tar, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var context = new ReceivedContext(directory);
        var input = await ArchiveSniffer.OpenTarAsync(tar, cancellationToken).ConfigureAwait(false);
        var reader = new TarReader(input, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            try
            {
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    await context.AddAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw EngineException.InvalidArgument($"Error processing tar file: {e.Message}");
            }
        }

        return context;
    }

    public ContextEntry? Get(string path) => _entries.GetValueOrDefault(path);

    public IEnumerable<ContextEntry> Children(string dir) =>
        _children.TryGetValue(dir, out var names) ? names.Select(n => _entries[dir == "." ? n : dir + "/" + n]) : [];

    private async Task AddAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
        {
            return;
        }

        var path = CleanEntryName(entry.Name);
        if (path == ".")
        {
            return;
        }

        EnsureParents(path);
        var mode = (int)entry.Mode & 0xFFF;
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Put(new ContextEntry(path, ContextEntryKind.Directory, mode, 0, "", entry.ModificationTime, Path.Combine(_root, path)));
                Directory.CreateDirectory(Path.Combine(_root, path));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                var host = Path.Combine(_root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(host)!);
                if (entry.DataStream is not null)
                {
                    var file = new FileStream(host, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                    await using (file.ConfigureAwait(false))
                    {
                        await entry.DataStream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    await File.WriteAllBytesAsync(host, [], cancellationToken).ConfigureAwait(false);
                }

                TotalSize += entry.Length;
                Put(new ContextEntry(path, ContextEntryKind.File, mode, entry.Length, "", entry.ModificationTime, host));
                break;
            case TarEntryType.SymbolicLink:
                Put(new ContextEntry(path, ContextEntryKind.Symlink, mode, 0, entry.LinkName, entry.ModificationTime, ""));
                break;
            case TarEntryType.HardLink:
                var target = CleanEntryName(entry.LinkName);
                if (_entries.GetValueOrDefault(target) is not { Kind: ContextEntryKind.File } source)
                {
                    throw EngineException.InvalidArgument($"Error processing tar file: invalid hardlink \"{entry.Name}\" -> \"{entry.LinkName}\"");
                }

                var copy = Path.Combine(_root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(source.HostPath, copy, overwrite: true);
                Put(source with { Path = path, HostPath = copy });
                break;
            default:
                break; // devices and fifos have no meaning in a build context
        }
    }

    private static string CleanEntryName(string name)
    {
        var cleaned = PathClean.Clean("/" + name.Replace('\\', '/'));
        var raw = name.Replace('\\', '/').TrimStart('/');
        if (raw.Split('/').Contains("..") || cleaned.Length == 0)
        {
            throw EngineException.InvalidArgument($"Error processing tar file: invalid path \"{name}\": path escapes from the build context");
        }

        return cleaned == "/" ? "." : cleaned[1..];
    }

    private void EnsureParents(string path)
    {
        var slash = path.LastIndexOf('/');
        var parent = slash < 0 ? "." : path[..slash];
        if (_entries.ContainsKey(parent))
        {
            if (_entries[parent].Kind != ContextEntryKind.Directory)
            {
                throw EngineException.InvalidArgument($"Error processing tar file: \"{path}\" is below a non-directory");
            }

            return;
        }

        EnsureParents(parent);
        Put(new ContextEntry(parent, ContextEntryKind.Directory, 0x1ED, 0, "", DateTimeOffset.UnixEpoch, Path.Combine(_root, parent)));
        Directory.CreateDirectory(Path.Combine(_root, parent));
    }

    private void Put(ContextEntry entry)
    {
        if (_entries.TryGetValue(entry.Path, out var existing) && existing.Kind == ContextEntryKind.Directory && entry.Kind != ContextEntryKind.Directory)
        {
            throw EngineException.InvalidArgument($"Error processing tar file: \"{entry.Path}\" replaces a directory");
        }

        _entries[entry.Path] = entry;
        var slash = entry.Path.LastIndexOf('/');
        var parent = slash < 0 ? "." : entry.Path[..slash];
        if (!_children.TryGetValue(parent, out var names))
        {
            names = new SortedSet<string>(StringComparer.Ordinal);
            _children[parent] = names;
        }

        names.Add(entry.Name);
    }
}
