using Berth.Core.Snapshots;
using Berth.Storage.Snapshots;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>The real overlay snapshotter: the layer diff round trip is only meaningful against the
/// real DiffWriter/LayerUnpacker.</summary>
internal static class StorageSnapshotter
{
    public static ISnapshotter Create(string snapshotsRoot) => new OverlaySnapshotter(snapshotsRoot);
}
