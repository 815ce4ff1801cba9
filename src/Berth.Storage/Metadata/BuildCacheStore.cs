using System.Globalization;
using Berth.Core.Build;
using Microsoft.Data.Sqlite;

namespace Berth.Storage.Metadata;

/// <summary><see cref="IBuildCacheStore"/> in berth.db: one row per cached build step.</summary>
public sealed class BuildCacheStore : IBuildCacheStore
{
    public const string SchemaArea = "build_cache";

    private const string SchemaV1 = """
        CREATE TABLE build_cache (
            key TEXT PRIMARY KEY,
            image_id TEXT NOT NULL,
            parent_id TEXT NOT NULL,
            description TEXT NOT NULL,
            size INTEGER NOT NULL,
            created TEXT NOT NULL,
            last_used TEXT NOT NULL,
            usage_count INTEGER NOT NULL
        );
        CREATE INDEX build_cache_by_image ON build_cache(image_id);
        """;

    private const string Columns = "key, image_id, parent_id, description, size, created, last_used, usage_count";

    private readonly MetadataDatabase _database;

    public BuildCacheStore(MetadataDatabase database)
    {
        _database = database;
        _database.EnsureSchema(SchemaArea, 1, SchemaV1);
    }

    public BuildCacheEntry? Lookup(string key, DateTimeOffset now) => _database.InTransaction((connection, transaction) =>
    {
        using var select = Command(connection, transaction, $"SELECT {Columns} FROM build_cache WHERE key = $key;");
        select.Parameters.AddWithValue("$key", key);
        BuildCacheEntry? entry;
        using (var reader = select.ExecuteReader())
        {
            entry = reader.Read() ? Read(reader) : null;
        }

        if (entry is null)
        {
            return null;
        }

        using var touch = Command(connection, transaction, "UPDATE build_cache SET last_used = $now, usage_count = usage_count + 1 WHERE key = $key;");
        touch.Parameters.AddWithValue("$now", Format(now));
        touch.Parameters.AddWithValue("$key", key);
        touch.ExecuteNonQuery();
        return entry with { LastUsed = now, UsageCount = entry.UsageCount + 1 };
    });

    public void Store(BuildCacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _database.InTransaction((connection, transaction) =>
        {
            using var command = Command(connection, transaction,
                $"INSERT OR REPLACE INTO build_cache ({Columns}) VALUES ($key, $image, $parent, $description, $size, $created, $used, $count);");
            command.Parameters.AddWithValue("$key", entry.Key);
            command.Parameters.AddWithValue("$image", entry.ImageId);
            command.Parameters.AddWithValue("$parent", entry.ParentId);
            command.Parameters.AddWithValue("$description", entry.Description);
            command.Parameters.AddWithValue("$size", entry.Size);
            command.Parameters.AddWithValue("$created", Format(entry.Created));
            command.Parameters.AddWithValue("$used", Format(entry.LastUsed));
            command.Parameters.AddWithValue("$count", entry.UsageCount);
            command.ExecuteNonQuery();
        });
    }

    public IReadOnlyList<BuildCacheEntry> List() => _database.InTransaction<IReadOnlyList<BuildCacheEntry>>((connection, transaction) =>
    {
        using var command = Command(connection, transaction, $"SELECT {Columns} FROM build_cache ORDER BY created, key;");
        using var reader = command.ExecuteReader();
        var entries = new List<BuildCacheEntry>();
        while (reader.Read())
        {
            entries.Add(Read(reader));
        }

        return entries;
    });

    public int Remove(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return _database.InTransaction((connection, transaction) =>
        {
            var removed = 0;
            foreach (var key in keys)
            {
                using var command = Command(connection, transaction, "DELETE FROM build_cache WHERE key = $key;");
                command.Parameters.AddWithValue("$key", key);
                removed += command.ExecuteNonQuery();
            }

            return removed;
        });
    }

    private static BuildCacheEntry Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetInt64(4),
        Parse(reader.GetString(5)),
        Parse(reader.GetString(6)),
        reader.GetInt32(7));

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
