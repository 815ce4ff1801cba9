using Xunit;

namespace Berth.Testing;

/// <summary>A private directory per test. Dispose fails the test if anything is still mounted below it
/// (after unmounting it, so nothing is left behind either way), then deletes it.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "berth-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        var left = MountTable.MountsUnder(Path);
        MountTable.UnmountAllUnder(Path);
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
        Assert.True(left.Count == 0, "mounts left behind: " + string.Join(", ", left));
    }
}
