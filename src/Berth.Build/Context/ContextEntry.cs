namespace Berth.Build.Context;

internal enum ContextEntryKind
{
    File,
    Directory,
    Symlink,
}

/// <summary>One path of the received build context. Files live at <see cref="HostPath"/>; symlinks are
/// kept only here (never created on disk) so nothing can follow them out of the context.</summary>
internal sealed record ContextEntry(string Path, ContextEntryKind Kind, int Mode, long Size, string LinkTarget, DateTimeOffset ModTime, string HostPath)
{
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];
}
