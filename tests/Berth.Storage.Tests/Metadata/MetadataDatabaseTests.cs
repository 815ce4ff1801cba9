using Berth.Storage.Metadata;
using Berth.Testing;

namespace Berth.Storage.Tests.Metadata;

public sealed class MetadataDatabaseTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void UsesWalMode()
    {
        using var database = new MetadataDatabase(_temp.Combine("berth.db"));
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void MigrationsRunOncePerVersionAndArea()
    {
        var path = _temp.Combine("berth.db");
        using (var database = new MetadataDatabase(path))
        {
            Assert.Equal(0, database.GetSchemaVersion("volumes"));
            Assert.True(database.EnsureSchema("volumes", 1, "CREATE TABLE volumes (name TEXT PRIMARY KEY);"));
            Assert.True(database.EnsureSchema("volumes", 2, "ALTER TABLE volumes ADD COLUMN driver TEXT;"));
            Assert.Equal(2, database.GetSchemaVersion("volumes"));
        }

        using var reopened = new MetadataDatabase(path);
        Assert.False(reopened.EnsureSchema("volumes", 1, "CREATE TABLE volumes (name TEXT PRIMARY KEY);"));
        Assert.False(reopened.EnsureSchema("volumes", 2, "ALTER TABLE volumes ADD COLUMN driver TEXT;"));
        Assert.Equal(2, reopened.GetSchemaVersion("volumes"));
        Assert.Equal(0, reopened.GetSchemaVersion("networks"));
    }

    [Fact]
    public void FailedMigrationLeavesNoTraceAndVersionUnchanged()
    {
        using var database = new MetadataDatabase(_temp.Combine("berth.db"));
        Assert.ThrowsAny<Exception>(() => database.EnsureSchema("broken", 1, "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;"));
        Assert.Equal(0, database.GetSchemaVersion("broken"));

        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'half';";
        Assert.Equal(0L, command.ExecuteScalar());
    }

    [Fact]
    public void SkippingAVersionIsRefused()
    {
        using var database = new MetadataDatabase(_temp.Combine("berth.db"));
        Assert.Throws<InvalidOperationException>(() => database.EnsureSchema("x", 2, "CREATE TABLE x (a INTEGER);"));
    }

    [Fact]
    public async Task ConcurrentWritersDoNotFail()
    {
        using var database = new MetadataDatabase(_temp.Combine("berth.db"));
        database.EnsureSchema("counter", 1, "CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 25; i++)
            {
                database.InTransaction((connection, transaction) =>
                {
                    using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = "UPDATE counter SET n = n + 1;";
                    command.ExecuteNonQuery();
                });
            }
        })));

        using var connection = database.OpenConnection();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT n FROM counter;";
        Assert.Equal(200L, read.ExecuteScalar());
    }
}
