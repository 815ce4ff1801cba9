using Berth.Oci;
using Berth.Testing;

namespace Berth.Storage.Tests;

public sealed class StorageRootTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OpenCreatesTheLayoutAndWiresTheStores()
    {
        var dataRoot = _temp.Combine("berth");
        using var storage = StorageRoot.Open(dataRoot);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataRoot));
        Assert.True(Directory.Exists(Path.Combine(dataRoot, "content", "blobs", "sha256")));
        Assert.True(Directory.Exists(Path.Combine(dataRoot, "content", "ingest")));
        Assert.True(Directory.Exists(Path.Combine(dataRoot, "snapshots")));
        Assert.True(File.Exists(Path.Combine(dataRoot, "berth.db")));

        var blob = await storage.Content.WriteAsync("{}"u8.ToArray(), CancellationToken.None);
        Assert.True(storage.Content.Exists(blob.Digest));
        Assert.Empty(storage.Images.List());
        Assert.Equal(1, storage.Database.GetSchemaVersion("images"));
    }

    [Fact]
    public void RecoverRemovesCrashLeftovers()
    {
        var dataRoot = _temp.Combine("berth");
        using var storage = StorageRoot.Open(dataRoot);
        File.WriteAllText(Path.Combine(dataRoot, "content", "ingest", "abc"), "partial");
        Directory.CreateDirectory(Path.Combine(dataRoot, "snapshots", ".tmp-1234", "fs"));
        var kept = Path.Combine(dataRoot, "snapshots", Digest.Compute("x"u8).Hex[..12]);
        Directory.CreateDirectory(kept);

        var report = storage.Recover();

        Assert.Equal(new RecoveryReport(1, 1), report);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(dataRoot, "content", "ingest")));
        Assert.Equal([kept], Directory.EnumerateFileSystemEntries(Path.Combine(dataRoot, "snapshots")));
    }

    [Fact]
    public void ReopeningKeepsData()
    {
        var dataRoot = _temp.Combine("berth");
        using (var first = StorageRoot.Open(dataRoot))
        {
            first.Database.EnsureSchema("test", 1, "CREATE TABLE t (x INTEGER);");
        }

        using var second = StorageRoot.Open(dataRoot);
        Assert.Equal(1, second.Database.GetSchemaVersion("test"));
    }
}
