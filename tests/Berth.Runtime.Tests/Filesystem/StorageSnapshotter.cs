using System.Reflection;
using Berth.Core.Snapshots;
using Xunit;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>
/// The real overlay snapshotter, loaded from Berth.Storage's build output: this test project does not
/// reference Berth.Storage, but the layer diff round trip is only meaningful against the real
/// DiffWriter/LayerUnpacker.
/// </summary>
internal static class StorageSnapshotter
{
    public static string? AssemblyPath { get; } = Find();

    public static ISnapshotter Create(string snapshotsRoot)
    {
        Type type = Assembly.LoadFrom(AssemblyPath!).GetType("Berth.Storage.Snapshots.OverlaySnapshotter", throwOnError: true)!;
        return (ISnapshotter)Activator.CreateInstance(type, snapshotsRoot)!;
    }

    private static string? Find()
    {
        string repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        return new[] { "Debug", "Release" }
            .Select(config => Path.Combine(repo, "src/Berth.Storage/bin", config, "net10.0/Berth.Storage.dll"))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>Needs root and a built Berth.Storage (dotnet build src/Berth.Storage).</summary>
public sealed class StorageFactAttribute : FactAttribute
{
    public StorageFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root (mounts overlayfs)";
        }
        else if (StorageSnapshotter.AssemblyPath is null)
        {
            Skip = "needs src/Berth.Storage built (dotnet build src/Berth.Storage)";
        }
    }
}
