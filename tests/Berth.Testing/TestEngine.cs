namespace Berth.Testing;

/// <summary>
/// Which engine the fixtures start: berthd (the default) or, with BERTH_TEST_ENGINE=dockerd, a
/// private real dockerd (Debian's docker.io), so the compatibility tests can prove their own
/// expectations against the reference (`make test-compat-dockerd`). In dockerd mode every client
/// call goes through the real docker CLI, so a run is docker CLI + dockerd end to end.
/// </summary>
public static class TestEngine
{
    public const string EnvironmentVariable = "BERTH_TEST_ENGINE";

    /// <summary>The trait (Category=Compatibility) of the classes that make sense against any Docker-compatible engine.</summary>
    public const string CompatibilityCategory = "Compatibility";

    public static bool IsDockerd { get; } = Read() == "dockerd";

    /// <summary>"berthd" or "dockerd", for messages.</summary>
    public static string Name => IsDockerd ? "dockerd" : "berthd";

    /// <summary>The skip reason of a test that checks Berth internals, when the run is against dockerd.</summary>
    public static string? SkipUnlessBerthd(string? berthdOnlyReason) =>
        IsDockerd && berthdOnlyReason is { Length: > 0 } ? $"checks berthd itself ({berthdOnlyReason}); {EnvironmentVariable}=dockerd" : null;

    /// <summary>The skip reason of a test whose answer changed in Docker after 20.10, when the run is against dockerd 20.10.</summary>
    public static string? SkipUnlessCurrentDocker(string? dockerd2010Answer) =>
        IsDockerd && dockerd2010Answer is { Length: > 0 } ? $"dockerd 20.10 predates Docker's current answer: {dockerd2010Answer}" : null;

    private static string Read()
    {
        string value = (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "").Trim().ToLowerInvariant();
        return value switch
        {
            "" or "berthd" or "berth" => "berthd",
            "dockerd" or "docker" => "dockerd",
            _ => throw new InvalidOperationException($"{EnvironmentVariable}={value}: expected berthd or dockerd"),
        };
    }
}
