namespace Berth.Core.Build;

/// <summary>
/// Persistent build cache (berth.db): step key -> resulting image. Survives daemon restarts. The
/// builder checks that a hit's image still exists before using it. Thread-safe.
/// </summary>
public interface IBuildCacheStore
{
    /// <summary>The entry for <paramref name="key"/>, or null; a hit updates LastUsed and UsageCount.</summary>
    BuildCacheEntry? Lookup(string key, DateTimeOffset now);

    /// <summary>Inserts or replaces the entry with the same key.</summary>
    void Store(BuildCacheEntry entry);

    IReadOnlyList<BuildCacheEntry> List();

    /// <summary>Deletes the entries with these keys; returns how many existed.</summary>
    int Remove(IReadOnlyCollection<string> keys);
}
