using System.Formats.Tar;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// docker's TarResourceRebase for a local path: the entry itself (named by its base name, or
/// <see cref="CpCopyInfo.RebaseName"/>) and, for a directory, everything below it. Symlinks are
/// archived as links, never followed. <paramref name="rename"/> applies the copy's rebase.
/// </summary>
internal static class CpLocalTar
{
    public static async Task WriteAsync(CpCopyInfo source, Func<string, string> rename, Stream output, CancellationToken cancellationToken)
    {
        var (_, baseName) = CpPath.SplitDirEntry(source.Path);
        var rootName = source.RebaseName.Length > 0 ? source.RebaseName : baseName;
        var path = CpPath.Clean(source.Path);
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteEntryAsync(path, rename(rootName), cancellationToken).ConfigureAwait(false);
            if (source.IsDir)
            {
                await WriteChildrenAsync(writer, path, rootName, rename, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteChildrenAsync(TarWriter writer, string directory, string name, Func<string, string> rename, CancellationToken cancellationToken)
    {
        var children = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var child in children)
        {
            var childName = name + "/" + child.Name;
            await writer.WriteEntryAsync(child.FullName, rename(childName), cancellationToken).ConfigureAwait(false);
            if (CpLocalPaths.IsDirectory(child))
            {
                await WriteChildrenAsync(writer, child.FullName, childName, rename, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
