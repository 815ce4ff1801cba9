using System.Formats.Tar;
using Berth.Build.Context;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    /// <summary>
    /// COPY --from: a plain file is read straight from the other image's unpacked layers; anything
    /// else is read out through a helper container (so its symlinks resolve inside that image) and
    /// re-rooted at the destination.
    /// </summary>
    private async Task CopyFromImageAsync(CopyWriter writer, CopySourceSet sources, string dest, bool destIsDir)
    {
        var view = await OpenLayerViewAsync(sources.FromImage!).ConfigureAwait(false);
        HelperContainer? source = null;
        try
        {
            foreach (var path in sources.FromPaths)
            {
                var slash = path.LastIndexOf('/');
                var baseName = path[(slash + 1)..];
                var target = destIsDir ? CopyWriter.Join(dest, baseName) : dest;
                if (baseName is not ("" or ".") && !GlobPattern.HasMeta(baseName) && view is not null && await TryCopyFileAsync(writer, view, path, target).ConfigureAwait(false))
                {
                    continue;
                }

                source ??= await HelperContainer.CreateAsync(_job.Services.Containers, _job.Services.Filesystem, sources.FromImage!, Cancellation).ConfigureAwait(false);
                if (GlobPattern.HasMeta(baseName))
                {
                    var regex = GlobPattern.Compile(baseName);
                    await CopyArchiveAsync(writer, source, slash <= 0 ? "/" : path[..slash], dest, destIsDir: true, regex.IsMatch).ConfigureAwait(false);
                    continue;
                }

                var stat = await source.StatAsync(path, Cancellation).ConfigureAwait(false);
                if (stat is null)
                {
                    throw EngineException.InvalidArgument($"COPY failed: stat {path}: file does not exist");
                }

                if (stat.IsDirectory || path == "/")
                {
                    await CopyArchiveAsync(writer, source, path, dest, destIsDir: true, null).ConfigureAwait(false);
                }
                else
                {
                    await CopyArchiveAsync(writer, source, path, target, destIsDir: false, null).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (source is not null)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A regular file of the source image, copied without a container; false for anything else.</summary>
    private async Task<bool> TryCopyFileAsync(CopyWriter writer, LayerView view, string path, string target)
    {
        LayerNode node;
        try
        {
            node = view.Lookup(PathClean.Clean("/" + path));
        }
        catch (NeedsContainerException)
        {
            return false;
        }

        if (node.Kind == LayerNodeKind.Missing)
        {
            throw EngineException.InvalidArgument($"COPY failed: stat {path}: file does not exist");
        }

        if (node.Kind != LayerNodeKind.Other || !node.Stat.IsRegular)
        {
            return false;
        }

        var (uid, gid) = writer.Owner;
        var content = File.OpenRead(node.HostPath);
        await using (content.ConfigureAwait(false))
        {
            var mode = writer.Mode((int)node.Stat.Permissions);
            await writer.Tar.FileAsync(target, mode, uid, gid, node.Stat.ModificationTime, content, Cancellation).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Re-roots the entries of a `cp`-style archive. For a directory the archive's top entry is the
    /// directory itself and its contents go below <paramref name="dest"/>; with a glob only top-level
    /// names that match are taken (each keeps its name under dest).
    /// </summary>
    private async Task CopyArchiveAsync(CopyWriter writer, HelperContainer source, string path, string dest, bool destIsDir, Func<string, bool>? select)
    {
        var archive = NewTempFile();
        await using (archive.ConfigureAwait(false))
        {
            await source.ArchiveAsync(path == "/" ? "/." : path + (destIsDir && select is null ? "/." : ""), archive, Cancellation).ConfigureAwait(false);
            archive.Position = 0;
            var reader = new TarReader(archive);
            await using (reader.ConfigureAwait(false))
            {
                if (destIsDir && select is null)
                {
                    await writer.EnsureDirectoryAsync(dest, 0x1ED, DateTimeOffset.UtcNow).ConfigureAwait(false);
                }

                while (await reader.GetNextEntryAsync(copyData: false, Cancellation).ConfigureAwait(false) is { } entry)
                {
                    var name = PathClean.Clean("/" + entry.Name.Replace('\\', '/')).TrimStart('/');
                    string target;
                    if (!destIsDir)
                    {
                        target = dest;
                    }
                    else if (select is not null)
                    {
                        var top = name.Split('/')[0];
                        var dirName = path.TrimEnd('/').Split('/')[^1];
                        // The archive of the parent holds the parent itself first; skip it, keep matching children.
                        var rest = name == dirName || name.Length == 0 ? null : name.StartsWith(dirName + "/", StringComparison.Ordinal) ? name[(dirName.Length + 1)..] : name;
                        if (rest is null || !select(rest.Split('/')[0]))
                        {
                            continue;
                        }

                        _ = top;
                        target = CopyWriter.Join(dest, rest);
                    }
                    else
                    {
                        if (name.Length == 0)
                        {
                            continue; // "." is the directory itself
                        }

                        target = CopyWriter.Join(dest, name);
                    }

                    await WriteEntryAsync(writer, entry, target).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task WriteEntryAsync(CopyWriter writer, TarEntry entry, string target)
    {
        var (uid, gid) = writer.Owner;
        var mode = writer.Mode((int)entry.Mode & 0xFFF);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                await writer.Tar.DirectoryAsync(target, mode, uid, gid, entry.ModificationTime, Cancellation).ConfigureAwait(false);
                break;
            case TarEntryType.SymbolicLink:
                await writer.Tar.SymlinkAsync(target, entry.LinkName, uid, gid, entry.ModificationTime, Cancellation).ConfigureAwait(false);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await writer.Tar.FileAsync(target, mode, uid, gid, entry.ModificationTime, entry.DataStream ?? Stream.Null, Cancellation).ConfigureAwait(false);
                break;
            default:
                break; // hard links and devices are not carried across by COPY --from here
        }
    }
}
