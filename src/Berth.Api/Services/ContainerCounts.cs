namespace Berth.Api.Services;

/// <summary>Container totals for /info.</summary>
public readonly record struct ContainerCounts(int Total, int Running, int Paused, int Stopped);
