namespace Berth.Core.Volumes;

/// <summary>An entry of the OCI config.json "mounts" array: {destination, type, source, options}.</summary>
public sealed record OciMount(string Destination, string Type, string Source, IReadOnlyList<string> Options);
