namespace Berth.Build.Execution;

/// <summary>Where the builder keeps received contexts and RUN --mount=type=cache directories.</summary>
public sealed record BuilderOptions
{
    /// <summary>Usually &lt;data-root&gt;/builder; contexts go to tmp/ (removed after each build).</summary>
    public required string WorkRoot { get; init; }

    /// <summary>Downloads for ADD &lt;url&gt;; null uses a private client.</summary>
    public HttpClient? Http { get; init; }
}
