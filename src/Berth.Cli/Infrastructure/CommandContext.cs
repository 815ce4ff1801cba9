using Berth.Client;

namespace Berth.Cli.Infrastructure;

/// <summary>Everything a command touches outside itself: streams, environment, clock and the engine client.</summary>
internal sealed class CommandContext
{
    private readonly Func<EngineClient> _clientFactory;
    private EngineClient? _client;

    public CommandContext(TextWriter output, TextWriter error, Stream input, Stream outputStream, Func<EngineClient> clientFactory)
    {
        Out = output;
        Err = error;
        In = input;
        OutStream = outputStream;
        _clientFactory = clientFactory;
    }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    public Stream In { get; }

    /// <summary>Raw stdout for binary output (save); flush <see cref="Out"/> before writing to it.</summary>
    public Stream OutStream { get; }

    public bool StdinIsTerminal { get; init; }

    public bool StdoutIsTerminal { get; init; }

    public bool Debug { get; init; }

    /// <summary>"berth images" or "berth image ls": the path the user typed, for messages.</summary>
    public string CommandPath { get; set; } = "berth";

    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    public EngineClient Client => _client ??= _clientFactory();
}
