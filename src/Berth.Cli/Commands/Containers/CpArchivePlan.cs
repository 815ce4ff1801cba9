namespace Berth.Cli.Commands.Containers;

/// <summary>
/// docker's PrepareArchiveCopy: given what the source and the destination are, the directory to
/// extract into and how the archive's top-level name must be renamed so that "cp a b" gives docker's
/// result (into an existing directory, renamed when the destination does not exist, ...).
/// </summary>
internal sealed record CpArchivePlan(string Directory, Func<string, string> Rename)
{
    public static CpArchivePlan Prepare(CpCopyInfo source, CpCopyInfo destination)
    {
        var (dstDir, dstBase) = CpPath.SplitDirEntry(destination.Path);
        var (_, srcBase) = CpPath.SplitDirEntry(source.Path);
        if (source.RebaseName.Length > 0)
        {
            srcBase = source.RebaseName;
        }

        if (destination.Exists && destination.IsDir)
        {
            return new CpArchivePlan(destination.Path, name => name);
        }

        if (destination.Exists && source.IsDir)
        {
            throw new IOException("cannot copy directory");
        }

        if (!destination.Exists && !source.IsDir && CpPath.AssertsDirectory(destination.Path))
        {
            throw new IOException("no such directory");
        }

        // An existing file is replaced, a missing destination takes the source's place: either way
        // the archive's top-level entry is renamed to the destination's base name.
        return new CpArchivePlan(dstDir, name => CpPath.Rebase(name, srcBase, dstBase));
    }
}
