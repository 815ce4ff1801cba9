using System.Formats.Tar;
using System.Text;
using Berth.Build.Context;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

/// <summary>
/// Writes what COPY/ADD copies from the context into the step's tar with the legacy builder's
/// destination rules: a directory source copies its contents, a file goes to dest or into it when
/// dest is a directory; everything is owned by --chown (default 0:0) and --chmod applies to all.
/// </summary>
internal sealed class CopyWriter(LayerTarWriter tar, IImageFiles? helper, (int Uid, int Gid) owner, int? chmod, CancellationToken cancellationToken)
{
    public LayerTarWriter Tar => tar;

    public (int Uid, int Gid) Owner => owner;

    public int Mode(int mode) => chmod ?? mode;

    public async Task WriteAsync(ReceivedContext context, CopySourceSet sources, string dest, bool destIsDir, bool unpack)
    {
        foreach (var match in sources.ContextMatches)
        {
            var entry = match.Entry;
            if (entry.Kind == ContextEntryKind.Directory)
            {
                await DirectoryAsync(context, entry, dest).ConfigureAwait(false);
            }
            else if (unpack && ArchiveSniffer.IsLocalArchive(entry.HostPath))
            {
                await UnpackAsync(entry.HostPath, dest).ConfigureAwait(false);
            }
            else
            {
                var target = destIsDir ? Join(dest, match.Path[(match.Path.LastIndexOf('/') + 1)..]) : dest;
                await FileAsync(target, entry.Mode, entry.ModTime, entry.HostPath).ConfigureAwait(false);
            }
        }

        foreach (var (name, data) in sources.Inline)
        {
            var target = destIsDir ? Join(dest, name) : dest;
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(data));
            await tar.FileAsync(target, Mode(0x1A4), owner.Uid, owner.Gid, DateTimeOffset.UtcNow, content, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, hostPath, modified) in sources.Downloads)
        {
            var target = destIsDir ? Join(dest, name) : dest;
            await FileAsync(target, 0x180, modified, hostPath).ConfigureAwait(false);
        }
    }

    public static string Join(string dir, string name) => dir == "/" ? "/" + name : dir.TrimEnd('/') + "/" + name;

    /// <summary>The destination directory itself only when the image lacks it (an existing one keeps its metadata).</summary>
    public async Task EnsureDirectoryAsync(string dest, int mode, DateTimeOffset mtime)
    {
        if (dest == "/")
        {
            return;
        }

        if (helper is null || await helper.StatAsync(dest + "/", cancellationToken).ConfigureAwait(false) is null)
        {
            await tar.DirectoryAsync(dest, Mode(mode), owner.Uid, owner.Gid, mtime, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DirectoryAsync(ReceivedContext context, ContextEntry directory, string dest)
    {
        await EnsureDirectoryAsync(dest, directory.Mode, directory.ModTime).ConfigureAwait(false);
        foreach (var (relative, entry) in CopySources.Walk(context, directory))
        {
            var target = Join(dest, relative);
            switch (entry.Kind)
            {
                case ContextEntryKind.Directory:
                    await tar.DirectoryAsync(target, Mode(entry.Mode), owner.Uid, owner.Gid, entry.ModTime, cancellationToken).ConfigureAwait(false);
                    break;
                case ContextEntryKind.Symlink:
                    await tar.SymlinkAsync(target, entry.LinkTarget, owner.Uid, owner.Gid, entry.ModTime, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await FileAsync(target, entry.Mode, entry.ModTime, entry.HostPath).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task FileAsync(string target, int mode, DateTimeOffset mtime, string hostPath)
    {
        var content = File.OpenRead(hostPath);
        await using (content.ConfigureAwait(false))
        {
            await tar.FileAsync(target, Mode(mode), owner.Uid, owner.Gid, mtime, content, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>ADD of a local tar/tar.gz: its entries go below dest, keeping their own owners unless --chown.</summary>
    private async Task UnpackAsync(string hostPath, string dest)
    {
        await EnsureDirectoryAsync(dest, 0x1ED, DateTimeOffset.UtcNow).ConfigureAwait(false);
        var file = File.OpenRead(hostPath);
        await using (file.ConfigureAwait(false))
        {
            var input = await ArchiveSniffer.OpenTarAsync(file, cancellationToken).ConfigureAwait(false);
            var reader = new TarReader(input);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    await UnpackEntryAsync(entry, dest).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task UnpackEntryAsync(TarEntry entry, string dest)
    {
        var raw = entry.Name.Replace('\\', '/');
        if (raw.Split('/').Contains(".."))
        {
            throw EngineException.InvalidArgument($"ADD failed: archive entry \"{entry.Name}\" escapes the destination");
        }

        var relative = PathClean.Clean("/" + raw).TrimStart('/');
        if (relative.Length == 0)
        {
            return;
        }

        var target = Join(dest, relative);
        var (uid, gid) = owner == (0, 0) ? (entry.Uid, entry.Gid) : owner;
        var mode = Mode((int)entry.Mode);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                await tar.DirectoryAsync(target, mode, uid, gid, entry.ModificationTime, cancellationToken).ConfigureAwait(false);
                break;
            case TarEntryType.SymbolicLink:
                await tar.SymlinkAsync(target, entry.LinkName, uid, gid, entry.ModificationTime, cancellationToken).ConfigureAwait(false);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await tar.FileAsync(target, mode, uid, gid, entry.ModificationTime, entry.DataStream ?? Stream.Null, cancellationToken).ConfigureAwait(false);
                break;
            case TarEntryType.HardLink:
                var linked = entry.LinkName.Replace('\\', '/');
                if (linked.Split('/').Contains(".."))
                {
                    throw EngineException.InvalidArgument($"ADD failed: archive entry \"{entry.Name}\" links outside the destination");
                }

                await tar.HardLinkAsync(target, Join(dest, PathClean.Clean("/" + linked).TrimStart('/')), uid, gid, entry.ModificationTime, cancellationToken).ConfigureAwait(false);
                break;
            default:
                break; // devices and fifos are left out of ADD extraction
        }
    }
}
