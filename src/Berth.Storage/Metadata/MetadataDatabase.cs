using Microsoft.Data.Sqlite;

namespace Berth.Storage.Metadata;

/// <summary>
/// berth.db: one SQLite database shared by every engine area (images, containers, networks,
/// volumes). WAL mode lets readers run beside a writer; busy_timeout makes concurrent writers wait
/// instead of failing. Each area owns its tables and migrates them with <see cref="EnsureSchema"/>,
/// versioned per area in the schema_versions table, so areas evolve independently.
/// Thread-safe: every operation opens its own (pooled) connection.
/// </summary>
public sealed class MetadataDatabase : IDisposable
{
    private const int BusyTimeoutMilliseconds = 30_000;
    private readonly string _connectionString;

    /// <summary>Opens or creates the database file at <paramref name="path"/> (normally &lt;data-root&gt;/berth.db).</summary>
    public MetadataDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();

        using var connection = OpenConnection();
        Execute(connection, null, "PRAGMA journal_mode=WAL;");
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_versions (area TEXT PRIMARY KEY, version INTEGER NOT NULL);");
    }

    public string Path { get; }

    /// <summary>An open connection with the engine's pragmas set. The caller disposes it.</summary>
    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // Per-connection settings: FULL sync so a committed transaction survives power loss.
            Execute(connection, null, $"PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE) and commits it;
    /// any exception rolls everything back.</summary>
    public T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    public void InTransaction(Action<SqliteConnection, SqliteTransaction> work) =>
        InTransaction<bool>((connection, transaction) =>
        {
            work(connection, transaction);
            return true;
        });

    /// <summary>The schema version an area has reached (0 when it has none yet).</summary>
    public int GetSchemaVersion(string area)
    {
        using var connection = OpenConnection();
        return ReadVersion(connection, null, area);
    }

    /// <summary>
    /// Applies migration <paramref name="version"/> of <paramref name="area"/> when the area is still
    /// below it: <paramref name="sql"/> and the version bump commit together, so a crash never leaves
    /// a half-migrated area. Call once per version, in increasing order, at start-up.
    /// Returns true when the migration ran.
    /// </summary>
    public bool EnsureSchema(string area, int version, string sql)
    {
        ArgumentException.ThrowIfNullOrEmpty(area);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return InTransaction((connection, transaction) =>
        {
            var current = ReadVersion(connection, transaction, area);
            if (current >= version)
            {
                return false;
            }

            if (current != version - 1)
            {
                throw new InvalidOperationException($"schema of {area} is at version {current}; migration {version} needs {version - 1} first");
            }

            Execute(connection, transaction, sql);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO schema_versions (area, version) VALUES ($area, $version) ON CONFLICT(area) DO UPDATE SET version = excluded.version;";
            command.Parameters.AddWithValue("$area", area);
            command.Parameters.AddWithValue("$version", version);
            command.ExecuteNonQuery();
            return true;
        });
    }

    /// <summary>Closes pooled connections (the file can then be deleted or moved).</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction, string area)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_versions WHERE area = $area;";
        command.Parameters.AddWithValue("$area", area);
        return command.ExecuteScalar() is long version ? (int)version : 0;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
