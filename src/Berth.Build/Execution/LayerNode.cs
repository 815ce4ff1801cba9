using Berth.Linux.Files;

namespace Berth.Build.Execution;

/// <summary>What a path is in an image's merged view, and where its top-most copy lives on the host.</summary>
internal readonly record struct LayerNode(LayerNodeKind Kind, string HostPath, FileStat Stat)
{
    public static LayerNode Missing => new(LayerNodeKind.Missing, "", default);
}

internal enum LayerNodeKind
{
    Missing,
    Directory,
    Symlink,
    Other,
}
