namespace Berth.Build.Instructions;

/// <summary>
/// HEALTHCHECK settings in Docker's image-config shape: Test is ["NONE"], ["CMD", args...] or
/// ["CMD-SHELL", command]; zero durations/retries mean "inherit the default".
/// </summary>
public sealed record HealthConfig(
    IReadOnlyList<string> Test,
    TimeSpan Interval = default,
    TimeSpan Timeout = default,
    TimeSpan StartPeriod = default,
    TimeSpan StartInterval = default,
    int Retries = 0);
