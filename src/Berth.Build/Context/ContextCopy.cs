namespace Berth.Build.Context;

/// <summary>
/// Writes a private copy of a context entry (a file, or a directory with what .dockerignore lets
/// through) for RUN --mount=type=bind. Symlinks are recreated as symlinks and never followed here;
/// inside the container they resolve in the container's own root.
/// </summary>
internal static class ContextCopy
{
    public static void Materialize(ReceivedContext context, ContextEntry entry, string destination)
    {
        if (entry.Kind != ContextEntryKind.Directory)
        {
            CopyFile(entry, destination);
            return;
        }

        Directory.CreateDirectory(destination);
        var directories = new List<(string Path, ContextEntry Entry)> { (destination, entry) };
        foreach (var (relative, child) in CopySources.Walk(context, entry))
        {
            var target = Path.Combine(destination, relative);
            switch (child.Kind)
            {
                case ContextEntryKind.Directory:
                    Directory.CreateDirectory(target);
                    directories.Add((target, child));
                    break;
                case ContextEntryKind.Symlink:
                    File.CreateSymbolicLink(target, child.LinkTarget);
                    break;
                default:
                    CopyFile(child, target);
                    break;
            }
        }

        // Modes last: a read-only directory must not stop its own children from being written.
        foreach (var (path, dir) in directories)
        {
            File.SetUnixFileMode(path, (UnixFileMode)(dir.Mode & 0xFFF));
            Directory.SetLastWriteTimeUtc(path, dir.ModTime.UtcDateTime);
        }
    }

    private static void CopyFile(ContextEntry entry, string target)
    {
        File.Copy(entry.HostPath, target);
        File.SetUnixFileMode(target, (UnixFileMode)(entry.Mode & 0xFFF));
        File.SetLastWriteTimeUtc(target, entry.ModTime.UtcDateTime);
    }
}
