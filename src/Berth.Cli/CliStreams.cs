namespace Berth.Cli;

/// <summary>The process's standard streams (or test doubles) and what they are connected to.</summary>
internal sealed record CliStreams(TextWriter Out, TextWriter Err, Stream In, Stream OutStream)
{
    public bool StdinIsTerminal { get; init; }

    public bool StdoutIsTerminal { get; init; }

    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
}
