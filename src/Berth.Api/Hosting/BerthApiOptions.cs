using Microsoft.Extensions.Logging;

namespace Berth.Api.Hosting;

/// <summary>What the HTTP layer needs to know about the daemon it serves.</summary>
public sealed record BerthApiOptions
{
    public required IReadOnlyList<ListenAddress> Listen { get; init; }

    /// <summary>--data-root: shown as DockerRootDir.</summary>
    public required string DataRoot { get; init; }

    /// <summary>--exec-root.</summary>
    public required string ExecRoot { get; init; }

    /// <summary>The engine's stable ID (SystemInfo.ID).</summary>
    public required string EngineId { get; init; }

    public bool Debug { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>How long a stop waits for requests in flight.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
