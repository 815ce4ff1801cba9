using System.Runtime.InteropServices;
using Berth.Cli.Infrastructure;
using Berth.Cli.Terminal;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// One attached session (run, start -a, attach, exec): raw terminal while it lasts, TTY size
/// sent now and on SIGWINCH, signals forwarded to the container without a TTY, then the pump.
/// </summary>
internal sealed class AttachSession : IDisposable
{
    private readonly CommandContext _context;
    private readonly AttachOptions _options;
    private readonly List<PosixSignalRegistration> _signals = [];
    private RawMode? _rawMode;

    public AttachSession(CommandContext context, AttachOptions options)
    {
        _context = context;
        _options = options;
    }

    /// <summary>POST /containers/{id}/attach, upgraded; docker's query keys in Go's sorted order.</summary>
    public static Task<HijackedStream> OpenAttachAsync(EngineClient client, string id, AttachOptions options, CancellationToken cancellationToken)
    {
        var query = new EngineQuery().AddIfNotEmpty("detachKeys", options.DetachKeys)
            .AddFlag("stderr", options.Stderr).AddFlag("stdin", options.Stdin).AddFlag("stdout", options.Stdout).Add("stream", "1");
        return client.HijackAsync(new EngineRequest("POST", $"/containers/{Uri.EscapeDataString(id)}/attach", query), cancellationToken);
    }

    /// <summary>Sends the terminal size now and whenever it changes; no-op unless a TTY on a terminal.</summary>
    public async Task MonitorSizeAsync(Func<int, int, Task> resize)
    {
        if (!_options.Tty || !_context.StdoutIsTerminal)
        {
            return;
        }

        async Task SendAsync()
        {
            if (TerminalNative.GetWindowSize(TerminalStreams.StdoutFd) is { } size && size.Rows > 0)
            {
                try
                {
                    await resize(size.Rows, size.Columns).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is EngineApiException or IOException or EngineConnectionException)
                {
                    // docker only logs resize failures: the session goes on.
                }
            }
        }

        await SendAsync().ConfigureAwait(false);
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => SendAsync().ContinueWith(static _ => { }, TaskScheduler.Default)));
    }

    /// <summary>Without a TTY, Ctrl-C and friends go to the container instead of ending the CLI.</summary>
    public void ProxySignals(Func<string, Task> kill)
    {
        if (!_options.SigProxy || _options.Tty)
        {
            return;
        }

        foreach (var (signal, name) in (ReadOnlySpan<(PosixSignal, string)>)[(PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGTERM, "SIGTERM"), (PosixSignal.SIGHUP, "SIGHUP"), (PosixSignal.SIGQUIT, "SIGQUIT")])
        {
            _signals.Add(PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true;
                _ = kill(name).ContinueWith(static _ => { }, TaskScheduler.Default);
            }));
        }
    }

    /// <summary>Pumps the streams; true when the user detached.</summary>
    public async Task<bool> PumpAsync(HijackedStream connection)
    {
        Stream? stdin = null;
        if (_options.Stdin)
        {
            stdin = _context.StdinIsTerminal ? TerminalStreams.OpenStdin() : _context.In;
            if (_options.Tty && _context.StdinIsTerminal)
            {
                _rawMode = RawMode.Enable(TerminalStreams.StdinFd);
            }
        }

        _context.Out.Flush();
        var keys = DetachKeys.Parse(string.IsNullOrEmpty(_options.DetachKeys) ? DetachKeys.Default : _options.DetachKeys);
        try
        {
            return await HijackPump.RunAsync(connection, _options.Tty, stdin, _context.OutStream, new TextWriterStream(_context.Err), keys, _rawMode?.PendingInput).ConfigureAwait(false);
        }
        finally
        {
            _rawMode?.Dispose();
            _rawMode = null;
        }
    }

    public void Dispose()
    {
        _rawMode?.Dispose();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
    }
}
