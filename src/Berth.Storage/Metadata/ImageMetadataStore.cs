using System.Globalization;
using Berth.Core.Errors;
using Berth.Core.Images;
using Microsoft.Data.Sqlite;

namespace Berth.Storage.Metadata;

/// <summary>
/// <see cref="IImageMetadataStore"/> in berth.db: an images table (list-valued fields as JSON
/// columns) and an image_references table whose primary key is the reference, so a reference can
/// point at one image only and moving it is a single upsert. Deleting an image cascades to its
/// references. Every public method is one transaction.
/// </summary>
public sealed class ImageMetadataStore : IImageMetadataStore
{
    public const string SchemaArea = "images";

    private const string SchemaV1 = """
        CREATE TABLE images (
            id TEXT PRIMARY KEY,
            diff_ids TEXT NOT NULL,
            chain_ids TEXT NOT NULL,
            created TEXT NOT NULL,
            size INTEGER NOT NULL,
            parent TEXT,
            layer_blobs TEXT NOT NULL,
            manifest_digest TEXT
        );
        CREATE TABLE image_references (
            reference TEXT PRIMARY KEY,
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
        );
        CREATE INDEX image_references_by_image ON image_references(image_id);
        """;

    private const string SelectImage = "SELECT id, diff_ids, chain_ids, created, size, parent, layer_blobs, manifest_digest FROM images";

    private readonly MetadataDatabase _database;

    public ImageMetadataStore(MetadataDatabase database)
    {
        _database = database;
        _database.EnsureSchema(SchemaArea, 1, SchemaV1);
    }

    public StoredImage? Get(string id) => _database.InTransaction((connection, transaction) =>
    {
        using var command = Command(connection, transaction, SelectImage + " WHERE id = $id;");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadImage(reader) : null;
    });

    public IReadOnlyList<StoredImage> List() => _database.InTransaction<IReadOnlyList<StoredImage>>((connection, transaction) =>
    {
        using var command = Command(connection, transaction, SelectImage + " ORDER BY created, id;");
        using var reader = command.ExecuteReader();
        var images = new List<StoredImage>();
        while (reader.Read())
        {
            images.Add(ReadImage(reader));
        }

        return images;
    });

    public IReadOnlyList<ImageReferenceRow> ListReferences() => _database.InTransaction<IReadOnlyList<ImageReferenceRow>>((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "SELECT reference, image_id FROM image_references ORDER BY reference;");
        using var reader = command.ExecuteReader();
        var rows = new List<ImageReferenceRow>();
        while (reader.Read())
        {
            rows.Add(new ImageReferenceRow(reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    });

    public void PutImage(StoredImage image, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(references);
        _database.InTransaction((connection, transaction) =>
        {
            // An image ID is the digest of its config, so an existing row already describes the same
            // image; only a manifest digest learnt later (pull after load) is filled in.
            using (var insert = Command(connection, transaction, """
                INSERT INTO images (id, diff_ids, chain_ids, created, size, parent, layer_blobs, manifest_digest)
                VALUES ($id, $diff, $chain, $created, $size, $parent, $blobs, $manifest)
                ON CONFLICT(id) DO UPDATE SET manifest_digest = COALESCE(images.manifest_digest, excluded.manifest_digest);
                """))
            {
                insert.Parameters.AddWithValue("$id", image.Id);
                insert.Parameters.AddWithValue("$diff", ImageRowCodec.EncodeStrings(image.DiffIds));
                insert.Parameters.AddWithValue("$chain", ImageRowCodec.EncodeStrings(image.ChainIds));
                insert.Parameters.AddWithValue("$created", image.Created.ToString("O", CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$size", image.Size);
                insert.Parameters.AddWithValue("$parent", (object?)image.Parent ?? DBNull.Value);
                insert.Parameters.AddWithValue("$blobs", ImageRowCodec.EncodeBlobs(image.LayerBlobs));
                insert.Parameters.AddWithValue("$manifest", (object?)image.ManifestDigest ?? DBNull.Value);
                insert.ExecuteNonQuery();
            }

            foreach (var reference in references)
            {
                UpsertReference(connection, transaction, reference, image.Id);
            }
        });
    }

    public void SetReference(string reference, string imageId) => _database.InTransaction((connection, transaction) =>
    {
        using (var exists = Command(connection, transaction, "SELECT 1 FROM images WHERE id = $id;"))
        {
            exists.Parameters.AddWithValue("$id", imageId);
            if (exists.ExecuteScalar() is null)
            {
                throw EngineException.NotFound($"No such image: {imageId}");
            }
        }

        UpsertReference(connection, transaction, reference, imageId);
    });

    public bool RemoveReference(string reference) => _database.InTransaction((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "DELETE FROM image_references WHERE reference = $ref;");
        command.Parameters.AddWithValue("$ref", reference);
        return command.ExecuteNonQuery() > 0;
    });

    public void DeleteImage(string id) => _database.InTransaction((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "DELETE FROM image_references WHERE image_id = $id; DELETE FROM images WHERE id = $id;");
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    });

    private static void UpsertReference(SqliteConnection connection, SqliteTransaction transaction, string reference, string imageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        using var command = Command(connection, transaction, """
            INSERT INTO image_references (reference, image_id) VALUES ($ref, $id)
            ON CONFLICT(reference) DO UPDATE SET image_id = excluded.image_id;
            """);
        command.Parameters.AddWithValue("$ref", reference);
        command.Parameters.AddWithValue("$id", imageId);
        command.ExecuteNonQuery();
    }

    private static StoredImage ReadImage(SqliteDataReader reader) => new(
        reader.GetString(0),
        ImageRowCodec.DecodeStrings(reader.GetString(1)),
        ImageRowCodec.DecodeStrings(reader.GetString(2)),
        DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        ImageRowCodec.DecodeBlobs(reader.GetString(6)),
        reader.IsDBNull(7) ? null : reader.GetString(7));

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
