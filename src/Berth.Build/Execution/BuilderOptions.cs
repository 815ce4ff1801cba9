using Berth.Core.Snapshots;

namespace Berth.Build.Execution;

/// <summary>Where the builder keeps received contexts and RUN --mount=type=cache directories.</summary>
public sealed record BuilderOptions
{
    /// <summary>Usually &lt;data-root&gt;/builder; contexts go to tmp/ (removed after each build).</summary>
    public required string WorkRoot { get; init; }

    /// <summary>Downloads for ADD &lt;url&gt;; null uses a private client.</summary>
    public HttpClient? Http { get; init; }

    /// <summary>
    /// The engine's snapshotter: COPY, ADD and WORKDIR then write their layers straight from the
    /// image's unpacked layers; null makes every such step go through a helper container.
    /// </summary>
    public ISnapshotter? Snapshots { get; init; }
}
