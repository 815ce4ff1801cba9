using System.Formats.Tar;
using Berth.Build.Context;
using Berth.Core.Errors;
using Berth.Linux.Files;

namespace Berth.Build.Execution;

/// <summary>
/// Unpacks a `cp`-style archive of an image path (what <see cref="HelperContainer.ArchiveAsync"/>
/// writes) into a fresh host directory for RUN --mount from=, keeping owners, modes, times, symlinks,
/// hard links and device nodes. Entries are placed only inside directories this extraction created
/// itself, so no entry can reach through a symlink to the host (a symlink is recreated, never
/// followed); "..", absolute names and hard links to anything not extracted here are refused.
/// </summary>
internal static class ArchiveExtractor
{
    private const uint S_IFCHR = 0x2000;
    private const uint S_IFBLK = 0x6000;
    private const uint S_IFIFO = 0x1000;

    /// <summary>
    /// With <paramref name="single"/> the archive holds one non-directory (a file's archive) and it
    /// becomes <paramref name="destination"/> itself; otherwise destination is the archive's top
    /// directory (entry "." or the first entry's name) and everything below it.
    /// </summary>
    public static async Task ExtractAsync(Stream archive, string destination, bool single, CancellationToken cancellationToken)
    {
        var directories = new Dictionary<string, TarEntry?>(StringComparer.Ordinal) { [""] = null };
        var files = new HashSet<string>(StringComparer.Ordinal);
        if (!single)
        {
            Directory.CreateDirectory(destination);
        }

        var reader = new TarReader(archive);
        await using (reader.ConfigureAwait(false))
        {
            string? top = null;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (single)
                {
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                    {
                        // A host bind of a symlink or device would reach the host's files, not the image's.
                        throw EngineException.InvalidArgument($"{entry.Name}: a file mount source must be a regular file");
                    }

                    await WriteAsync(entry, destination, linkTarget: null, cancellationToken).ConfigureAwait(false);
                    return;
                }

                var name = Relative(entry.Name, ref top);
                if (name is null)
                {
                    continue;
                }

                if (name.Length == 0)
                {
                    directories[""] = entry;
                    continue;
                }

                var slash = name.LastIndexOf('/');
                var parent = slash < 0 ? "" : name[..slash];
                if (!directories.ContainsKey(parent))
                {
                    throw EngineException.InvalidArgument($"archive entry {entry.Name} is not below a directory of the archive");
                }

                var path = Path.Combine(destination, name);
                if (entry.EntryType == TarEntryType.Directory)
                {
                    if (!directories.ContainsKey(name))
                    {
                        RemoveExisting(path);
                        Directory.CreateDirectory(path);
                    }

                    directories[name] = entry;
                    continue;
                }

                if (directories.Remove(name))
                {
                    Directory.Delete(path, recursive: true);
                }

                string? linkTarget = null;
                if (entry.EntryType == TarEntryType.HardLink)
                {
                    var linked = PathClean.Clean(entry.LinkName.Replace('\\', '/')).TrimStart('/');
                    linked = top is { Length: > 0 } && linked.StartsWith(top + "/", StringComparison.Ordinal) ? linked[(top.Length + 1)..] : linked;
                    if (!files.Contains(linked))
                    {
                        throw EngineException.InvalidArgument($"archive entry {entry.Name} links to {entry.LinkName}, which is not in the archive");
                    }

                    linkTarget = Path.Combine(destination, linked);
                }

                await WriteAsync(entry, path, linkTarget, cancellationToken).ConfigureAwait(false);
                files.Add(name);
            }
        }

        // Directory metadata last, deepest first: a read-only directory must not stop its own children.
        foreach (var (name, entry) in directories.OrderByDescending(d => d.Key.Length))
        {
            if (entry is not null)
            {
                Apply(entry, name.Length == 0 ? destination : Path.Combine(destination, name));
            }
        }
    }

    /// <summary>The entry's path below the archive's top directory; "" for the top itself, null to skip.</summary>
    private static string? Relative(string entryName, ref string? top)
    {
        var raw = entryName.Replace('\\', '/');
        if (raw.StartsWith('/') || raw.Split('/').Contains(".."))
        {
            throw EngineException.InvalidArgument($"archive entry {entryName} leaves the archive");
        }

        var name = PathClean.Clean(raw);
        name = name == "." ? "" : name;
        if (top is null)
        {
            top = name;
            return "";
        }

        if (top.Length == 0)
        {
            return name;
        }

        return name == top ? "" : name.StartsWith(top + "/", StringComparison.Ordinal) ? name[(top.Length + 1)..] : null;
    }

    private static async Task WriteAsync(TarEntry entry, string path, string? linkTarget, CancellationToken cancellationToken)
    {
        RemoveExisting(path);
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    if (entry.DataStream is { } data)
                    {
                        await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    }
                }

                break;
            case TarEntryType.Directory:
                Directory.CreateDirectory(path);
                break;
            case TarEntryType.SymbolicLink:
                File.CreateSymbolicLink(path, entry.LinkName);
                break;
            case TarEntryType.HardLink when linkTarget is not null:
                FileNodes.Link(linkTarget, path);
                return; // a hard link shares its target's inode and metadata
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                var type = entry.EntryType switch { TarEntryType.CharacterDevice => S_IFCHR, TarEntryType.BlockDevice => S_IFBLK, _ => S_IFIFO };
                var posix = (PosixTarEntry)entry;
                FileNodes.Mknod(path, type | ((uint)entry.Mode & 0xFFF), (uint)posix.DeviceMajor, (uint)posix.DeviceMinor);
                break;
            default:
                return; // metadata-only entry kinds carry nothing to place
        }

        Apply(entry, path);
    }

    private static void Apply(TarEntry entry, string path)
    {
        FileNodes.Lchown(path, entry.Uid, entry.Gid);
        if (entry.EntryType != TarEntryType.SymbolicLink)
        {
            // After chown, which clears set-id bits.
            File.SetUnixFileMode(path, (UnixFileMode)((uint)entry.Mode & 0xFFF));
        }

        FileNodes.SetTimes(path, Timespec.Omit, Timespec.From(entry.ModificationTime));
    }

    private static void RemoveExisting(string path)
    {
        if (FileStatus.TryLstat(path, out var stat))
        {
            if (stat.IsDirectory)
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
    }
}
