namespace Berth.Core.Build;

/// <summary>One cached build step: the key (parent image + step + sources), the image it produced,
/// that image's parent, the step text, the bytes its layer added, and times.</summary>
public sealed record BuildCacheEntry(
    string Key,
    string ImageId,
    string ParentId,
    string Description,
    long Size,
    DateTimeOffset Created,
    DateTimeOffset LastUsed,
    int UsageCount);
