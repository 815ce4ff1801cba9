namespace Berth.Core.Containers;

public enum LogStream
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
}

/// <summary>One log record: a full line (with its trailing "\n") or a partial line as the container wrote it.</summary>
public sealed record LogEntry(LogStream Stream, DateTimeOffset Timestamp, ReadOnlyMemory<byte> Data);

/// <summary>`logs` options. <see cref="Tail"/> null = all lines. Since/Until filter on the record time.</summary>
public sealed record LogsOptions
{
    public bool Follow { get; init; }
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public bool Timestamps { get; init; }
    public int? Tail { get; init; }
}
